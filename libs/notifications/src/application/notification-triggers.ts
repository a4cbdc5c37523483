import { Injectable } from '@nestjs/common';
import type { Tx } from '@loyalty/database';
import { unprocessable } from '@loyalty/shared';
import { CORE_TRIGGERS, type TriggerDefinition } from '../domain/notification';

/** Of the given merchants, those for which a trigger's messages may go out now. */
export type DeliverableFor = (tx: Tx, merchantIds: readonly string[]) => Promise<ReadonlySet<string>>;

/**
 * Every trigger the service knows: the core's, and those other modules (industry plugins) define
 * at their module init. Templates, composing and validation look triggers up here only.
 */
@Injectable()
export class NotificationTriggers {
  private readonly definitions = new Map<string, TriggerDefinition>(CORE_TRIGGERS.map((t) => [t.name, t]));
  private readonly deliverable = new Map<string, DeliverableFor>();

  /**
   * A trigger of another module; `deliverableFor`, when given, says for which merchants its messages
   * may still go out when they fall due (a plugin's: the merchants that have it on then).
   */
  define(definition: TriggerDefinition, deliverableFor?: DeliverableFor): void {
    if (!/^[a-z][a-z0-9_]*$/.test(definition.name)) throw new Error(`A trigger's name is snake_case: ${definition.name}`);
    if (this.definitions.has(definition.name)) throw new Error(`Trigger ${definition.name} is defined already`);
    this.definitions.set(definition.name, definition);
    if (deliverableFor) this.deliverable.set(definition.name, deliverableFor);
  }

  /** Of these due messages, the ids of those whose trigger may no longer go out for their merchant. */
  async undeliverable(tx: Tx, messages: readonly { id: string; trigger: string; merchantId: string }[]): Promise<Set<string>> {
    const byGuard = new Map<DeliverableFor, (typeof messages)[number][]>();
    for (const m of messages) {
      const guard = this.deliverable.get(m.trigger);
      if (guard) byGuard.set(guard, [...(byGuard.get(guard) ?? []), m]);
    }
    const refused = new Set<string>();
    for (const [deliverableFor, of] of byGuard) {
      const allowed = await deliverableFor(tx, [...new Set(of.map((m) => m.merchantId))]);
      for (const m of of) if (!allowed.has(m.merchantId)) refused.add(m.id);
    }
    return refused;
  }

  find(name: string): TriggerDefinition | undefined {
    return this.definitions.get(name);
  }

  /** The trigger, or NOTIFICATION_TRIGGER_UNKNOWN (422): neither the core's nor a loaded plugin's. */
  get(name: string): TriggerDefinition {
    const trigger = this.definitions.get(name);
    if (!trigger) throw unprocessable('NOTIFICATION_TRIGGER_UNKNOWN', `No trigger "${name}": neither the core's nor a loaded plugin's`);
    return trigger;
  }

  /** Every trigger, the core's first, then the plugins' in the order they were defined. */
  all(): TriggerDefinition[] {
    return [...this.definitions.values()];
  }
}
