import { Field, ID, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from '@loyalty/shared';

@ObjectType('PluginLabels', { description: 'Text in the console’s two languages' })
export class PluginLabelsGql {
  @Field() zhCN!: string;
  @Field() en!: string;
}

@ObjectType('PluginPermission', { description: 'A permission a plugin checks; merchant admins grant it to staff' })
export class PluginPermissionGql {
  @Field() code!: string;
  @Field(() => PluginLabelsGql) label!: PluginLabelsGql;
}

@ObjectType('PluginConsoleField')
export class PluginConsoleFieldGql {
  @Field({ description: 'Dotted path into the query’s data' }) path!: string;
  @Field(() => PluginLabelsGql) label!: PluginLabelsGql;
  @Field({ description: 'text, date, datetime, number, fen (分) or list' }) format!: string;
}

@ObjectType('PluginConsoleResource', { description: 'What the console renders for a plugin: a member tab or a page' })
export class PluginConsoleResourceGql {
  @Field() name!: string;
  @Field({ description: 'member-tab or page' }) placement!: string;
  @Field(() => PluginLabelsGql) label!: PluginLabelsGql;
  @Field({ description: 'The GraphQL document to run ($memberId on a member tab)' }) query!: string;
  @Field(() => [PluginConsoleFieldGql]) fields!: PluginConsoleFieldGql[];
  @Field(() => String, { nullable: true, description: 'The plugin permission needed to see it' }) permission!: string | null;
}

@ObjectType('PluginSettingLabel', { description: 'A settings field’s name in the console’s two languages' })
export class PluginSettingLabelGql {
  @Field({ description: 'Dotted property path; * for array items and map values' }) path!: string;
  @Field(() => PluginLabelsGql) label!: PluginLabelsGql;
}

@ObjectType('PluginMeasure', { description: 'A measure of members a plugin provides: level rules name it (MEASURE), rule tags count it as a fact' })
export class PluginMeasureGql {
  @Field({ description: '<plugin id>.<name>, e.g. hotel.nights' }) name!: string;
  @Field() description!: string;
}

@ObjectType('PluginPermissionGrant')
export class PluginPermissionGrantGql {
  @Field(() => ID) staffId!: string;
  @Field() pluginId!: string;
  @Field() permission!: string;
  @Field(() => ID) merchantId!: string;
  @Field() grantedBy!: string;
}

@ObjectType('Plugin', { description: '行业插件: an industry plugin loaded on this platform, and whether the merchant has it on' })
export class PluginGql {
  @Field(() => ID) id!: string;
  @Field(() => PluginLabelsGql) name!: PluginLabelsGql;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field() version!: string;
  @Field({ description: 'The SDK API versions it works with (semver range)' }) compatibility!: string;
  @Field({ description: 'On for the merchant (false when no merchant is named)' }) enabled!: boolean;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The merchant’s settings, defaults applied; null when never enabled' }) settings!: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'JSON schema of the settings' }) settingsSchema!: Record<string, unknown> | null;
  @Field(() => [PluginSettingLabelGql], { description: 'Names of the settings fields, zh-CN and English' }) settingsLabels!: PluginSettingLabelGql[];
  @Field(() => [PluginPermissionGql]) permissions!: PluginPermissionGql[];
  @Field(() => [PluginPermissionGrantGql], { description: 'Who of the merchant’s staff holds its permissions (admins see all, others their own)' }) grants!: PluginPermissionGrantGql[];
  @Field(() => [String], { description: 'The permissions of it the caller holds' }) myPermissions!: string[];
  @Field(() => [PluginConsoleResourceGql]) consoleResources!: PluginConsoleResourceGql[];
  @Field(() => [String], { description: 'Fields it adds to Member' }) memberFields!: string[];
  @Field(() => [PluginMeasureGql]) measures!: PluginMeasureGql[];
}
