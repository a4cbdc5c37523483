import { Injectable } from '@nestjs/common';
import { unprocessable } from '@loyalty/shared';
import { CORE_TRIGGERS, type TriggerDefinition } from '../domain/notification';

/**
 * Every trigger the service knows: the core's, and those other modules (industry plugins) define
 * at their module init. Templates, composing and validation look triggers up here only.
 */
@Injectable()
export class NotificationTriggers {
  private readonly definitions = new Map<string, TriggerDefinition>(CORE_TRIGGERS.map((t) => [t.name, t]));

  define(definition: TriggerDefinition): void {
    if (!/^[a-z][a-z0-9_]*$/.test(definition.name)) throw new Error(`A trigger's name is snake_case: ${definition.name}`);
    if (this.definitions.has(definition.name)) throw new Error(`Trigger ${definition.name} is defined already`);
    this.definitions.set(definition.name, definition);
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
