import { z } from 'zod';

const booleanFromEnv = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Any PostgreSQL server; unset starts the embedded one under DATA_DIR. */
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** HMAC secret for staff login tokens; unset outside production generates one under DATA_DIR. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(12 * 3600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed the demo alliance on first start; defaults to on with the embedded database. */
  SEED_DEMO: booleanFromEnv.optional(),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  /** Events published longer ago than this are deleted from the outboxes (hourly); 0 keeps them all. */
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(7),
  /**
   * A consumer's record of an applied event is deleted this many days after it applied it (hourly);
   * 0 keeps them all. Must outlast a Kafka topic's retention plus its segment age (7 + 7 days by default).
   */
  INBOX_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /** Kafka bootstrap servers (host:port, comma-separated): integration events go over Kafka. */
  KAFKA_BROKERS: z
    .string()
    .regex(/^[\w.-]+:\d+(,[\w.-]+:\d+)*$/, 'must be host:port, comma-separated')
    .transform((v) => v.split(','))
    .optional(),
  /** How often expired points lots are swept to breakage; 0 turns the sweep off. */
  EXPIRY_SWEEP_MS: z.coerce.number().int().min(0).max(24 * 3600 * 1000).default(3600 * 1000),
  /** An uploaded history import with no progress for this long reports IMPORT_STALLED while it runs (and is logged). */
  IMPORT_STALL_MS: z.coerce.number().int().min(1000).max(24 * 3600 * 1000).default(10 * 60 * 1000),
  /** How often scheduled clearing runs are checked for; 0 turns scheduled clearing off. */
  CLEARING_SCHEDULE_MS: z.coerce.number().int().min(0).max(24 * 3600 * 1000).default(60 * 1000),
  /** How often due full RFM recomputes are looked for; 0 turns the scheduled recompute off. */
  RFM_SCHEDULE_MS: z.coerce.number().int().min(0).max(24 * 3600 * 1000).default(60 * 1000),
  /** A scope's RFM is recomputed in full when its last full run is older than this (purchases re-score members at once). */
  RFM_FULL_REFRESH_MS: z.coerce.number().int().min(60 * 1000).max(31 * 24 * 3600 * 1000).default(24 * 3600 * 1000),
  /** How often due notifications and points-expiry reminders are looked for; 0: only right after events. */
  NOTIFY_POLL_MS: z.coerce.number().int().min(0).max(3600 * 1000).default(1000),
  /** A failed delivery is tried again after this long, doubling each time, NOTIFY_MAX_ATTEMPTS times in all. */
  NOTIFY_RETRY_BASE_MS: z.coerce.number().int().min(1).max(24 * 3600 * 1000).default(30 * 1000),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  /** HTTP SMS gateway (POST {to, text, reference}); unset: SMS are recorded, not sent. */
  SMS_GATEWAY_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  SMS_GATEWAY_TOKEN: z.string().min(1).optional(),
  /** SMTP server for e-mail (smtp://host:port); unset: e-mails are recorded, not sent. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, message: 'must be smtp://[user:password@]host[:port] or smtps://…' }).optional(),
  SMTP_FROM: z.email().default('noreply@loyalty.local'),
  /** Group commit: most POS writes in one transaction, and transactions in flight at once. */
  WRITE_BATCH_MAX: z.coerce.number().int().min(1).max(5000).default(500),
  WRITE_BATCH_IN_FLIGHT: z.coerce.number().int().min(1).max(16).default(1),
  /**
   * Industry plugins to load, in order: package names or paths (absolute, or from the working
   * directory), comma-separated. Unset: the plugins shipped with the platform; `none`: none.
   */
  PLUGINS: z
    .string()
    .transform((v) => (v.trim() === 'none' ? [] : v.split(',').map((s) => s.trim())))
    .pipe(z.array(z.string().regex(/^(\.{0,2}\/\S+|(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)$/, 'each entry must be a package name or a path')))
    .optional(),
  /** Largest accepted request body in bytes. */
  BODY_LIMIT: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
});

export type AppConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once at start; names every bad variable at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(input[String(i.path[0])])})`));
  }
  const config = result.data;
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET) {
    throw new ConfigError(['JWT_SECRET: required in production (at least 32 characters)']);
  }
  return config;
}
