/**
 * 插件通知: a notification trigger a plugin declares for its own integration events. The platform
 * registers it with the notifications service beside the core's triggers, so it goes through the
 * same merchant templates (turned on by `setNotificationTemplate`), opt-outs, quiet hours and
 * channels, for merchants that have the plugin on.
 */
export interface NotificationTriggerDeclaration<TPayload = any> {
  /** snake_case and starting with the plugin's table prefix (`pharmacy_refill`): what templates and messages name. */
  trigger: string;
  /** The plugin's own integration event that fires it (`<plugin id>.<name>.v<n>`, published with `scope.publish`). */
  event: string;
  /** Members (their phone and e-mail; opt-outs and quiet hours apply), or the merchant's staff (the staff e-mail). */
  audience: 'member' | 'staff';
  /** The e-mail subject, after the merchant's name. */
  subject: string;
  /** The `{{variables}}` the mapping fills in; `merchantName` is the platform's, always there, not declared. */
  variables: readonly string[];
  /** A payload of the event, for documentation and for `definePlugin` to check the mapping with. */
  example: TPayload;
  /**
   * Pure: the message occasion of one event (or null for none). Runs where the event is delivered,
   * without the plugin's tables or settings: put what the message needs in the event.
   */
  occasion(payload: TPayload): PluginNotificationOccasion | null;
}

/** What one event tells, to whom, when. */
export interface PluginNotificationOccasion {
  /** The merchant whose templates and settings apply; the plugin must be on there, else nothing is sent. */
  merchantId: string;
  /** The member told (member audience); null for the merchant's staff. */
  memberId: string | null;
  /**
   * When it may go out at the earliest (quiet hours may hold it longer): an instant, or a local day
   * and time in the merchant's time zone (`{ day: '2026-02-18', time: '09:00' }`). Omitted: at once.
   */
  at?: Date | { day: string; time: string };
  /** Every declared variable, as text or a whole number (money as yuan text). */
  values: Record<string, string | number>;
}

const SNAKE = /^[a-z][a-z0-9_]*$/;
const VARIABLE = /^[a-zA-Z]+$/;
const LOCAL_DAY = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** What is wrong with a plugin's notification triggers, each problem named; the mapping is tried on the example. */
export function notificationProblems(prefix: string, pluginId: string, declarations: readonly NotificationTriggerDeclaration[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const d of declarations) {
    const what = `notification trigger "${d.trigger}"`;
    if (seen.has(d.trigger)) problems.push(`${what} is declared twice`);
    seen.add(d.trigger);
    if (!SNAKE.test(d.trigger ?? '') || !d.trigger.startsWith(prefix) || d.trigger === prefix) problems.push(`${what} must be snake_case and start with "${prefix}"`);
    if (!d.event?.startsWith(`${pluginId}.`) || !/\.v\d+$/.test(d.event)) problems.push(`${what} must be fired by an event of the plugin ("${pluginId}.<name>.v<n>"), not "${d.event}"`);
    if (d.audience !== 'member' && d.audience !== 'staff') problems.push(`${what} needs the audience "member" or "staff"`);
    if (!d.subject?.trim()) problems.push(`${what} needs an e-mail subject`);
    const variables = new Set(d.variables ?? []);
    if (variables.size !== (d.variables ?? []).length) problems.push(`${what} declares a variable twice`);
    for (const name of variables) {
      if (!VARIABLE.test(name)) problems.push(`${what} variable "${name}" must be letters only (as {{${name}}} in a template)`);
      if (name === 'merchantName') problems.push(`${what} variable "merchantName" must not be declared: the platform fills it in`);
    }
    problems.push(...occasionProblems(what, d, variables));
  }
  return problems;
}

function occasionProblems(what: string, d: NotificationTriggerDeclaration, variables: ReadonlySet<string>): string[] {
  if (typeof d.occasion !== 'function') return [`${what} needs an occasion mapping`];
  let occasion: PluginNotificationOccasion | null;
  try {
    occasion = d.occasion(d.example);
  } catch (error) {
    return [`${what} fails on its example: ${(error as Error).message}`];
  }
  if (!occasion) return [`${what} gives no occasion for its example`];
  const problems: string[] = [];
  if (typeof occasion.merchantId !== 'string') problems.push(`${what} gives no merchantId for its example`);
  if (d.audience === 'member' && typeof occasion.memberId !== 'string') problems.push(`${what} is for members but gives no memberId for its example`);
  const used = Object.keys(occasion.values ?? {});
  const undeclared = used.filter((name) => !variables.has(name));
  const missing = [...variables].filter((name) => !used.includes(name));
  if (undeclared.length > 0) problems.push(`${what} fills undeclared variables: ${undeclared.join(', ')}`);
  if (missing.length > 0) problems.push(`${what} does not fill its variables: ${missing.join(', ')}`);
  const at = occasion.at;
  if (at !== undefined && !(at instanceof Date ? !Number.isNaN(at.getTime()) : LOCAL_DAY.test(at?.day ?? '') && LOCAL_TIME.test(at?.time ?? ''))) {
    problems.push(`${what} gives an "at" that is neither a valid Date nor { day: "YYYY-MM-DD", time: "HH:mm" }`);
  }
  return problems;
}
