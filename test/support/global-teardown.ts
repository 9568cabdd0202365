import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const cluster = (globalThis as Record<string, unknown>).__switchyardTestCluster as
    | { stop(): Promise<void>; dataDir: string }
    | undefined;
  if (!cluster) return;
  await cluster.stop();
  rmSync(cluster.dataDir, { recursive: true, force: true });
}
