import type { DataSource } from 'typeorm';

/** pg-boss's instance table (one row per running process, see QueueClient): its reads, beside job-table.ts. */

export interface WorkerHeartbeat {
  /** Worker processes registered and not stopped. */
  workers: number;
  /** Seconds since the freshest heartbeat; null when no worker has registered. */
  ageSeconds: number | null;
}

/** Every process registers with pg-boss under its role set (`api+worker`) and heartbeats every 10 s. */
export async function readWorkerHeartbeat(dataSource: DataSource): Promise<WorkerHeartbeat> {
  const [row] = await dataSource.query<{ workers: number; age: number | null }[]>(
    `SELECT count(*)::int AS workers, extract(epoch FROM now() - max(heartbeat_on))::int AS age
       FROM pgboss.instance WHERE 'worker' = ANY(string_to_array(name, '+')) AND stopped_on IS NULL`,
  );
  return { workers: row?.workers ?? 0, ageSeconds: row?.age ?? null };
}

export interface ProcessHeartbeat {
  /** The processes' role set, as they registered: `api`, `worker`, `api+worker`, `bot`, … */
  roles: string;
  processes: number;
  ageSeconds: number;
}

/** Running processes per role set, with the freshest heartbeat among them. */
export async function readProcessHeartbeats(dataSource: DataSource): Promise<ProcessHeartbeat[]> {
  const rows = await dataSource.query<{ name: string | null; processes: number; age: number }[]>(
    `SELECT name, count(*)::int AS processes, extract(epoch FROM now() - max(heartbeat_on))::int AS age
       FROM pgboss.instance WHERE stopped_on IS NULL GROUP BY name ORDER BY name`,
  );
  return rows.map((r) => ({ roles: r.name ?? '(unnamed)', processes: r.processes, ageSeconds: r.age }));
}
