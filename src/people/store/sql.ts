/** One database connection's query function: TypeORM's QueryRunner.query or a pg Client's, alike. */
export type Sql = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

/** A TypeORM query runner as `Sql`: rows only (its plain `query` answers UPDATE … RETURNING as [rows, count]). */
export const runnerSql =
  (runner: {
    query(text: string, params: unknown[] | undefined, structured: true): Promise<{ records: unknown[] }>;
  }): Sql =>
  async <T>(text: string, params?: unknown[]) =>
    (await runner.query(text, params, true)).records as T[];
