import { DataSourceOptions } from 'typeorm';
import { migrationsGlob } from './migrations-path';

export function dataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: [migrationsGlob()],
    migrationsTableName: 'schema_migrations',
    poolSize,
    extra: { application_name: 'switchyard', connectionTimeoutMillis: 5000 },
  };
}
