import { Injectable } from '@nestjs/common';

/** One live fact about a part of this process, shown by /health and counted by /ready. */
export interface Indicator {
  ok: boolean;
  detail: string;
  [more: string]: unknown;
}

/**
 * Parts a role adds to this process (the bot's gateway connection) report here. /health shows
 * them and fails only when one says the process cannot recover by itself; /ready needs all ok.
 */
@Injectable()
export class HealthIndicators {
  private readonly probes = new Map<string, () => Indicator & { fatal?: boolean }>();

  register(name: string, probe: () => Indicator & { fatal?: boolean }): void {
    this.probes.set(name, probe);
  }

  read(): Record<string, Indicator & { fatal?: boolean }> {
    return Object.fromEntries([...this.probes].map(([name, probe]) => [name, probe()]));
  }
}
