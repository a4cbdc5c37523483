import { type DynamicModule, Global, Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { Db, WriteBatcher } from '@loyalty/database';
import { EventTransport } from './event-transport';
import { InProcessTransport } from './in-process-transport';
import { CORE_OUTBOX_TABLE } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { EventRetention } from './event-retention';
import { CORE_INBOX_TABLE } from './inbox';

/** How often event table rows past their retention are looked for. */
const RETENTION_SWEEP_MS = 3_600_000;

export interface EventsModuleOptions {
  pollMs: number;
  /** Defaults to the in-process transport. */
  transport?: EventTransport;
  /** The outbox tables of the services this process hosts (default: the loyalty core's). */
  outboxTables?: readonly string[];
  /** Relay only these tenants' rows (see OutboxRelay); default all. */
  relayTenants?: Set<string>;
  /** The inbox tables of the consumers this process hosts (default: the loyalty core's). */
  inboxTables?: readonly string[];
  /** Days published events and inbox records are kept (see EventRetention); 0, the default, keeps them. */
  retention?: { outboxDays: number; inboxDays: number };
}

/** The outbox relay and the transport it publishes to (in-process, or Kafka). */
@Global()
@Module({})
export class EventsModule implements OnApplicationBootstrap {
  constructor(@Inject(EventTransport) private readonly transport: EventTransport) {}

  /** Consumers start once every module has subscribed; the relay closes the transport at shutdown. */
  onApplicationBootstrap(): Promise<void> {
    return this.transport.start();
  }

  static forRoot(options: EventsModuleOptions): DynamicModule {
    return {
      module: EventsModule,
      providers: [
        { provide: EventTransport, useValue: options.transport ?? new InProcessTransport() },
        {
          provide: OutboxRelay,
          useFactory: (db: Db, transport: EventTransport, batcher: WriteBatcher) => {
            const relay = new OutboxRelay(db, transport, options.pollMs, options.outboxTables, options.relayTenants);
            // Events written by a client write (to the core outbox) go out as soon as its batch commits.
            batcher.onCommitted(() => relay.wake([CORE_OUTBOX_TABLE]));
            return relay;
          },
          inject: [Db, EventTransport, WriteBatcher],
        },
        {
          provide: EventRetention,
          useFactory: (db: Db) =>
            new EventRetention(
              db,
              {
                outboxTables: options.outboxTables ?? [CORE_OUTBOX_TABLE],
                inboxTables: options.inboxTables ?? [CORE_INBOX_TABLE],
                outboxDays: options.retention?.outboxDays ?? 0,
                inboxDays: options.retention?.inboxDays ?? 0,
              },
              RETENTION_SWEEP_MS,
            ),
          inject: [Db],
        },
      ],
      exports: [EventTransport, OutboxRelay, EventRetention],
    };
  }
}
