import { Client, Pool } from 'pg';
import { RestartablePostgres } from '../../test/support/restartable-postgres';

/** Room for the processes of a scenario and for the idle connections the pool-exhaustion scenario holds. */
export const MAX_CONNECTIONS = 500;

export interface ScenarioDatabase {
  name: string;
  url: string;
  /** Through a small pool of its own, which reconnects by itself after the server comes back. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * The one PostgreSQL server of a chaos run: an embedded cluster in a temporary directory on a free
 * port, in a process of its own so a scenario can stop it and start it again. Each scenario gets a
 * database of its own on it.
 */
export class ChaosCluster {
  private readonly postgres = new RestartablePostgres({ max_connections: MAX_CONNECTIONS });
  private serverUrl = '';

  async start(): Promise<void> {
    this.serverUrl = await this.postgres.start();
  }

  /** Fast shutdown: every connection is cut, nothing answers until start(). */
  stop(): Promise<void> {
    return this.postgres.stop();
  }

  remove(): Promise<void> {
    return this.postgres.remove();
  }

  urlOf(database: string): string {
    const url = new URL(this.serverUrl);
    url.pathname = `/${database}`;
    return url.toString();
  }

  /** A connection to the server's maintenance database, for the harness's own work. */
  admin(): Promise<Client> {
    return this.connect('postgres');
  }

  /** A connection of the harness's own to `database` (pg_terminate_backend spares it). */
  async connect(database: string): Promise<Client> {
    const client = new Client({ connectionString: this.urlOf(database), application_name: 'chaos-harness' });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  async createDatabase(name: string): Promise<ScenarioDatabase> {
    const admin = await this.admin();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const url = this.urlOf(name);
    const pool = new Pool({ connectionString: url, max: 2, application_name: 'chaos-harness' });
    pool.on('error', () => undefined);
    return {
      name,
      url,
      query: async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[],
      close: () => pool.end(),
    };
  }

  /**
   * pg_terminate_backend on every connection to `database` except the harness's own; the number
   * cut. `via`: a connection already open (when no new one can be had).
   */
  async terminate(database: string, via?: Client): Promise<number> {
    const admin = via ?? (await this.admin());
    try {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name <> 'chaos-harness'`,
        [database],
      );
      return rows[0]?.n ?? 0;
    } finally {
      if (!via) await admin.end();
    }
  }
}
