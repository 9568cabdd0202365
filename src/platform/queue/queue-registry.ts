import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { QueueDeclarations } from './queue-declarations';
import type { QueueDefinition } from './queue-definition';

/** Every queue declared by the modules of this process, by name. */
@Injectable()
export class QueueRegistry {
  private byName?: Map<string, QueueDefinition>;

  constructor(private readonly discovery: DiscoveryService) {}

  all(): QueueDefinition[] {
    return [...this.load().values()];
  }

  get(name: string): QueueDefinition | undefined {
    return this.load().get(name);
  }

  private load(): Map<string, QueueDefinition> {
    if (this.byName) return this.byName;
    const byName = new Map<string, QueueDefinition>();
    for (const wrapper of this.discovery.getProviders()) {
      if (!(wrapper.instance instanceof QueueDeclarations)) continue;
      for (const queue of wrapper.instance.queues) {
        const existing = byName.get(queue.name);
        if (existing && existing !== queue) {
          throw new Error(`Queue "${queue.name}" is declared twice with different settings`);
        }
        byName.set(queue.name, queue);
      }
    }
    this.byName = byName;
    return byName;
  }
}
