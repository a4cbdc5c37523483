import { Injectable } from '@nestjs/common';
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
}
