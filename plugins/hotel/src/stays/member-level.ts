import type { PluginMemberLevel, PluginScope } from '@loyalty/plugin-sdk';

/** The member's level in the merchant's scheme now, or null without one. */
export async function levelOf(scope: PluginScope<unknown>, memberId: string): Promise<PluginMemberLevel | null> {
  return (await scope.memberLevels([memberId])).get(memberId) ?? null;
}
