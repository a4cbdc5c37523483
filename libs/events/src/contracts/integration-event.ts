/**
 * The envelope every integration event travels in, in-process or over Kafka. `type` carries the
 * version (`points.earned.v1`); a breaking change is a new type, never an edit of an old one.
 */
export interface IntegrationEvent<TPayload = Record<string, unknown>> {
  id: string;
  type: string;
  tenantId: string;
  /** Ordering key: events with one key are delivered in order (the member id). */
  key: string;
  occurredAt: string;
  correlationId: string;
  payload: TPayload;
}
