import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface DatabaseFacts {
  sizeBytes: number;
  connections: number;
  maxConnections: number;
  /** Connections by application name (`switchyard-queue`, `switchyard-router`, …). */
  byApplication: { application: string; connections: number }[];
}

/** How big the database is and how many of its connection slots are taken. */
@Injectable()
export class DatabaseFactsReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async read(): Promise<DatabaseFacts> {
    const [[size], byApplication] = await Promise.all([
      this.dataSource.query<{ size: number; max: number }[]>(
        `SELECT pg_database_size(current_database())::float8 AS size, current_setting('max_connections')::int AS max`,
      ),
      this.dataSource.query<{ application: string; connections: number }[]>(
        `SELECT coalesce(nullif(application_name, ''), '(unnamed)') AS application, count(*)::int AS connections
           FROM pg_stat_activity WHERE datname = current_database() GROUP BY 1 ORDER BY 2 DESC, 1`,
      ),
    ]);
    return {
      sizeBytes: size!.size,
      maxConnections: size!.max,
      connections: byApplication.reduce((n, a) => n + a.connections, 0),
      byApplication,
    };
  }
}
