/**
 * @loyalty/plugin-sdk/testing: test a plugin against the real platform, booted in the test process
 * on a real PostgreSQL (Jest with the platform's global setup). See the SDK's README.
 */
import { CommandBus } from '@nestjs/cqrs';
import { NOTIFICATION_CHANNELS, NotificationDispatcher, type NotificationChannels, type OutgoingMessage, type RecordingChannel } from '@loyalty/notifications';
import { PluginJobs } from '@loyalty/plugin-host';
import { systemContext } from '@loyalty/shared';
import { CreateStaffCommand, TokenService } from '@loyalty/tenancy';
import { bootTestPlatform, gqlData, posPost, type TestPlatform } from '@loyalty/testing';

export {
  type TestPlatform,
  type TenantFixture,
  type MerchantFixture,
  createTenant,
  platformAdminToken,
  posPost,
  posGet,
  gql,
  gqlData,
  gqlError,
  idemKey,
  uniquePhone,
  systemQuery,
  settleOutbox,
} from '@loyalty/testing';

/**
 * The whole platform with these plugins loaded (PLUGINS: package names or paths; a `.ts` path is
 * fine under Jest), ready for supertest, on the run's test database or `databaseUrl`. Close it in
 * `afterAll`.
 */
export function bootPluginTestPlatform(plugins: readonly string[], env: Record<string, string> = {}, databaseUrl?: string): Promise<TestPlatform> {
  return bootTestPlatform({ ...env, PLUGINS: plugins.length > 0 ? plugins.join(',') : 'none' }, databaseUrl);
}

/** A plugin POS write: `POST /api/pos/v1/plugins/<plugin>/<path>` with the store's key and a fresh (or given) Idempotency-Key. */
export function pluginPosPost(platform: TestPlatform, apiKey: string, pluginId: string, path: string, body: unknown, key?: string) {
  return posPost(platform, apiKey, `/plugins/${pluginId}/${path}`, body, key);
}

/** Turns the plugin on for the token's merchant (or the named one), then saves `settings` when given. */
export async function enablePlugin(platform: TestPlatform, token: string, pluginId: string, options: { settings?: Record<string, unknown>; merchantId?: string } = {}) {
  const variables = { pluginId, merchantId: options.merchantId ?? null };
  await gqlData(platform, token, 'mutation($pluginId: String!, $merchantId: UUID) { enablePlugin(pluginId: $pluginId, merchantId: $merchantId) { enabled } }', variables);
  if (options.settings) {
    await gqlData(
      platform,
      token,
      'mutation($pluginId: String!, $merchantId: UUID, $settings: JSONObject!) { updatePluginSettings(pluginId: $pluginId, merchantId: $merchantId, settings: $settings) { enabled } }',
      { ...variables, settings: options.settings },
    );
  }
}

export async function disablePlugin(platform: TestPlatform, token: string, pluginId: string, merchantId?: string) {
  await gqlData(platform, token, 'mutation($pluginId: String!, $merchantId: UUID) { disablePlugin(pluginId: $pluginId, merchantId: $merchantId) { enabled } }', {
    pluginId,
    merchantId: merchantId ?? null,
  });
}

let staffSeq = 0;
/** A store clerk (店员) of the store, logged in: their staff id and token (e.g. to grant a plugin permission). */
export async function createStoreStaff(platform: TestPlatform, storeId: string): Promise<{ staffId: string; token: string }> {
  const staff = await platform.app.get(CommandBus).execute(
    new CreateStaffCommand(systemContext('plugin-test'), {
      email: `plugin-staff-${process.pid}-${Date.now()}-${++staffSeq}@test.local`,
      name: 'plugin staff',
      password: 'correct-horse-battery',
      role: 'STORE_STAFF',
      storeId,
    }),
  );
  return { staffId: staff.id, token: (await platform.app.get(TokenService).issue(staff)).token };
}

export async function grantPluginPermission(platform: TestPlatform, token: string, staffId: string, pluginId: string, permission: string) {
  await gqlData(
    platform,
    token,
    'mutation($staffId: UUID!, $pluginId: String!, $permission: String!) { grantPluginPermission(staffId: $staffId, pluginId: $pluginId, permission: $permission) { staffId } }',
    { staffId, pluginId, permission },
  );
}

/**
 * One pass of a plugin's scheduled job now, as of `asOf`: how many merchants it ran for. Name your
 * test's merchants: the test database is shared, and a pass for every merchant would act on other
 * specs' data too.
 */
export function runPluginJob(platform: TestPlatform, pluginId: string, job: string, asOf: Date = new Date(), merchantIds?: readonly string[]): Promise<number> {
  const runner = platform.app.get(PluginJobs).get(pluginId, job);
  return merchantIds ? runner.runFor(asOf, merchantIds) : runner.run(asOf);
}

/** Sends the notification messages due at `now` (of these merchants only, when given), as the dispatcher's poll would: how many went out. */
export function deliverNotifications(platform: TestPlatform, now: Date, merchantIds?: readonly string[]): Promise<number> {
  return platform.app.get(NotificationDispatcher).deliverDue(now, merchantIds);
}

/** What the local SMS or e-mail double was handed so far (the platform under test has no gateway configured). */
export function sentNotifications(platform: TestPlatform, channel: 'sms' | 'email'): readonly OutgoingMessage[] {
  return (platform.app.get<NotificationChannels>(NOTIFICATION_CHANNELS)[channel] as RecordingChannel).sent;
}
