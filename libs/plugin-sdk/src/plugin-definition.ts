import type { Provider, Type } from '@nestjs/common';
import type { ReturnTypeFunc } from '@nestjs/graphql';
import type { z } from 'zod';
import type { EarnRuleStrategy, LineEnricher, MemberProfileLoader, PluginEventHandler, PluginJob, PosWriteEndpoint, PurchaseObserver } from './extension-points';
import type { LevelMeasureDeclaration } from './level-measures';
import type { NotificationTriggerDeclaration } from './notification-triggers';

/** Text in the console's two languages. */
export interface Labels {
  'zh-CN': string;
  en: string;
}

/** A schema change, plain SQL. Tables, indexes and sequences it creates must start with the plugin's table prefix. */
export interface PluginMigration {
  /** Unique within the plugin, applied in order, never edited once shipped. */
  name: string;
  up: readonly string[];
}

/** A field added to the GraphQL `Member` type (and so to the console's member page). */
export interface MemberProfileExtension {
  /** The field name; must start with the plugin id in camelCase (`pharmacyHealthProfile`). */
  field: string;
  /** Its GraphQL type, code-first (`() => HealthProfileGql`, `() => [PetGql]`). The field is nullable. */
  type: ReturnTypeFunc;
  description: string;
  loader: Type<MemberProfileLoader>;
  /** A permission of this plugin the caller must hold (sensitive data); the field is FORBIDDEN otherwise. */
  permission?: string;
}

/** Something the console renders for the plugin: a tab on the member page, or a page of its own. */
export interface ConsoleResource {
  name: string;
  placement: 'member-tab' | 'page';
  label: Labels;
  /** The GraphQL document the console runs (`$memberId` is given on a member tab). */
  query: string;
  /** The fields it shows, in order, with their labels; `path` is dotted into the query's data. */
  fields: { path: string; label: Labels; format?: 'text' | 'date' | 'datetime' | 'number' | 'fen' | 'list' }[];
  /** A permission of this plugin needed to see it. */
  permission?: string;
}

/** An idempotent POS write at `POST /api/pos/v1/plugins/<plugin id>/<path>`. */
export interface PosEndpoint {
  path: string;
  summary: string;
  input: z.ZodType;
  handler: Type<PosWriteEndpoint>;
  /** Error codes it may answer, for the OpenAPI document. */
  errors?: string[];
}

/** What a plugin declares with `definePlugin`. Only `id`, `name`, `version` and `compatibility` are required. */
export interface PluginDeclaration {
  /** Lower-case kebab-case, unique (`pharmacy`, `pet-store`). Tables are prefixed with it in snake case. */
  id: string;
  name: Labels;
  description?: string;
  /** The plugin's own semver version. */
  version: string;
  /** The SDK API versions it works with, a semver range (`^1.0.0`); checked at start. */
  compatibility: string;
  migrations?: readonly PluginMigration[];
  /**
   * Per-merchant settings: a JSON schema (draft 2020-12 subset that ajv knows), defaults from the
   * schema. `labels` names its fields in the console's two languages, by dotted property path
   * (`*` for an array's items or a map's values: `levels.*.pointsPerNight`), and an enum's values
   * at `<path>.<value>`; a field without one is labelled by its schema `title`, else its name.
   */
  settings?: { schema: Record<string, unknown>; labels?: Readonly<Record<string, Labels>> };
  /** Permissions the plugin checks (`scope.requirePermission`); granted to staff by merchant admins. */
  permissions?: readonly { code: string; label: Labels }[];
  /** Nest providers of the plugin's own services. */
  providers?: readonly Provider[];
  /** Nest modules the plugin's providers need (third-party ones). */
  imports?: readonly Type<unknown>[];
  /** Code-first GraphQL resolvers: staff login required, and the plugin enabled for the caller's merchant. */
  resolvers?: readonly Type<unknown>[];
  memberProfile?: readonly MemberProfileExtension[];
  enrichers?: readonly Type<LineEnricher>[];
  earnRules?: readonly Type<EarnRuleStrategy>[];
  purchaseObservers?: readonly Type<PurchaseObserver>[];
  /** Integration event handlers; `name` is the consumer's name within the plugin. */
  events?: readonly { name: string; types: readonly string[]; handler: Type<PluginEventHandler> }[];
  /** Scheduled jobs, one pass every `intervalMs` for each merchant that has the plugin enabled. */
  jobs?: readonly { name: string; intervalMs: number; handler: Type<PluginJob> }[];
  pos?: readonly PosEndpoint[];
  console?: readonly ConsoleResource[];
  /** Measures the programme's level conditions may name (`MEASURE` `<plugin id>.<name>`), for members of merchants that have the plugin on. */
  levelMeasures?: readonly LevelMeasureDeclaration[];
  /**
   * Notification triggers of the plugin's own events (续药提醒, 回访提醒…): registered beside the
   * core's; a merchant turns one on by setting its template. Checked here on each `example`.
   */
  notifications?: readonly NotificationTriggerDeclaration[];
}
