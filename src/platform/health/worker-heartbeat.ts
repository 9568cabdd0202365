import type { DataSource } from 'typeorm';

export interface WorkerHeartbeat {
  /** Worker processes registered and not stopped. */
  workers: number;
  /** Seconds since the freshest heartbeat; null when no worker has registered. */
  ageSeconds: number | null;
}

/** Worker processes register with pg-boss (instance name `worker`) and heartbeat every 10 s. */
export async function readWorkerHeartbeat(dataSource: DataSource): Promise<WorkerHeartbeat> {
  const [row] = await dataSource.query<{ workers: number; age: number | null }[]>(
    `SELECT count(*)::int AS workers, extract(epoch FROM now() - max(heartbeat_on))::int AS age
       FROM pgboss.instance WHERE name = 'worker' AND stopped_on IS NULL`,
  );
  return { workers: row?.workers ?? 0, ageSeconds: row?.age ?? null };
}
