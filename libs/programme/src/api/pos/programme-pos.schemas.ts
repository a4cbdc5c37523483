/** JSON schemas of the programme's POS responses, for the OpenAPI document. */
const int = { type: 'integer' };
const dateTime = { type: 'string', format: 'date-time', nullable: true };

export const growthEventResultSchema = { type: 'object', properties: { growthAwarded: int, growthBalance: int, levelCode: { type: 'string' } } };
export const memberLevelSchema = {
  type: 'object',
  properties: {
    memberId: { type: 'string', format: 'uuid' },
    schemeId: { type: 'string', format: 'uuid', nullable: true },
    levelCode: { type: 'string', nullable: true },
    levelName: { type: 'string', nullable: true },
    benefits: {
      type: 'object',
      nullable: true,
      properties: { discountPermille: int, pointsMultiplierPermille: int, birthdayPoints: int, freeServices: { type: 'array', items: { type: 'string' } } },
    },
    since: dateTime,
    validUntil: dateTime,
    growth: int,
  },
};
