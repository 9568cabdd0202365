import type { Db } from 'pg-boss';
import type { PoolClient } from 'pg';
import type { QueryRunner } from 'typeorm';
import { ambientQueryRunner } from '../database/ambient-transaction';

/** A pg-boss `db` that runs its statements inside a TypeORM query runner's open transaction. */
export function queryRunnerDb(queryRunner: QueryRunner): Db {
  return {
    executeSql: async (text, values) => {
      const result = await queryRunner.query(text, values, true);
      return { rows: (result as { records: any[] }).records };
    },
  };
}

/** The same over a raw pg client (the ingest hot path holds one for its batch transaction). */
export function pgClientDb(client: PoolClient): Db {
  return { executeSql: (text, values) => client.query(text, values) };
}

/**
 * The open ambient transaction (AmbientTransaction) as a pg-boss `db`, or undefined outside one: pass
 * it to pg-boss commands made on behalf of an audited change, so they commit or roll back with it.
 */
export function ambientPgBossDb(): Db | undefined {
  const runner = ambientQueryRunner();
  return runner && queryRunnerDb(runner);
}
