/**
 * An earn rule's points for a purchase that already include the member's level (a hotel's 150 a
 * night for 金卡 against 100 for 普通): the programme's level multiplier is not applied again. Once
 * an earn rule answers so for a purchase, the later rules' points for it are taken as final too.
 */
export interface LevelInclusivePoints {
  readonly points: number;
  readonly includesLevel: true;
}

/** Points the programme's level multiplier leaves as they are. */
export const includingLevel = (points: number): LevelInclusivePoints => ({ points, includesLevel: true });
