/**
 * Members' values of a provided measure (a plugin's `<plugin id>.<name>`: nights stayed, litres
 * filled…), what other contexts (insights, for tag rules on plugin facts) dispatch on the query bus:
 * counted where the plugins run, in the programme's own transaction, as level conditions count them
 * (the merchant's facts while it has the plugin on; with no merchant, every merchant of the tenant
 * that has it on). Answers null when nobody provides the measure; members left out are 0.
 */
export class MemberMeasuresQuery {
  constructor(
    readonly input: { tenantId: string; merchantId: string | null; measure: string; memberIds: readonly string[]; since: Date | null; asOf: Date },
  ) {}
}
