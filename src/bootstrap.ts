import { join, resolve } from 'node:path';
import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { PgBoss } from 'pg-boss';
import { DataSource } from 'typeorm';
import { serveApiDocs, switchyardVersion } from './api-docs/api-docs';
import { AppModule } from './app.module';
import type { Role } from './cli/command';
import type { AppConfig } from './platform/config/app-config';
import { WATCH_JOB_TABLES_SQL } from './platform/database/change-notifications';
import { dataSourceOptions } from './platform/database/data-source-options';
import { startEmbeddedPostgres } from './platform/database/embedded-postgres';
import { runMigrationsLocked } from './platform/database/migration-runner';
import { serveAhead } from './platform/http/serve-ahead';
import { createRootLogger } from './platform/logging/root-logger';
import { httpMetrics } from './platform/metrics/http-metrics';
import { Metrics } from './platform/metrics/metrics';
import { serveMetrics } from './platform/metrics/metrics-ahead';
import { applyHttpSecurity } from './platform/security/http-security';
import { startupSummary } from './startup-summary';
import { startupWarnings } from './startup-warnings';
import { IngestEndpoint } from './webhooks/ingest/ingest-endpoint';

export interface Database {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface RunningSwitchyard {
  app: INestApplication;
  /** Base URL of the HTTP server (api port, or the health port for other roles). */
  url: string;
  stop(): Promise<void>;
}

/** The configured database, or the embedded cluster started under DATA_DIR. */
export async function openDatabase(config: AppConfig, logger: Logger): Promise<Database> {
  if (config.database.url) return { url: config.database.url, embedded: false, stop: async () => undefined };
  logger.info(
    `No DATABASE_URL: starting embedded PostgreSQL in ${config.dataDir}/postgres on port ${config.database.embeddedPort}`,
  );
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.database.embeddedPort });
  if (embedded.setAside) {
    logger.warn(
      `Embedded PostgreSQL: a cluster left by an earlier ${config.dataDir} at this path (no link or credentials to it) ` +
        `was moved to ${embedded.setAside}; a new one was made`,
    );
  }
  if (embedded.clusterDir !== join(resolve(config.dataDir), 'postgres')) {
    logger.info(
      `Embedded PostgreSQL keeps its files in ${embedded.clusterDir} (linked from ${config.dataDir}/postgres): ` +
        'its postgres account cannot enter DATA_DIR',
    );
  }
  // A pool's end() resolves before its connections' goodbyes reach the server: a fast shutdown right
  // after the app closed would cut sessions that are already ending (and they would log it).
  return { url: embedded.url, embedded: true, stop: () => embedded.stop({ sessionsGraceMs: 3000 }) };
}

/** Applies Switchyard's migrations, installs or upgrades the pg-boss schema, and watches its job tables. */
export async function migrate(url: string, logger: Logger): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  try {
    await runMigrationsLocked(dataSource, (message) => logger.info({ context: 'Migrations' }, message));
  } finally {
    await dataSource.destroy();
  }
  const boss = new PgBoss({
    connectionString: url,
    schema: 'pgboss',
    supervise: false,
    schedule: false,
    registerInstance: false,
    max: 2,
  });
  boss.on('error', (error: Error) => logger.warn(`pg-boss: ${error.message}`));
  await boss.start();
  try {
    await boss.getDb().executeSql(WATCH_JOB_TABLES_SQL);
  } finally {
    await boss.stop({ graceful: false });
  }
  logger.info({ context: 'Migrations' }, 'Queue schema (pg-boss) is up to date');
}

/** Boots one process in the given roles: database, migrations, Nest application, HTTP. */
export async function startSwitchyard(options: {
  roles: Role[];
  config: AppConfig;
  logger?: Logger;
  notes?: string[];
}): Promise<RunningSwitchyard> {
  const { roles, config } = options;
  const logger = options.logger ?? createRootLogger(config.logLevel);
  const started = Date.now();
  const database = await openDatabase(config, logger);
  try {
    // Every role migrates (once, under the lock): a worker or bot started first on a fresh database
    // would otherwise run against missing tables.
    await migrate(database.url, logger);
    const app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoles({ roles, config, databaseUrl: database.url, logger }),
      { bodyParser: false, bufferLogs: true },
    );
    app.useLogger(app.get(NestPinoLogger));
    app.disable('x-powered-by');
    if (roles.includes('api')) {
      // Webhook deliveries never reach Express: their exact bytes are read raw (the signature covers them).
      const ingest = app.get(IngestEndpoint);
      serveAhead(app.getHttpServer(), (req, res) => ingest.serve(req, res));
    } else {
      // Worker and bot: /metrics open on the health port, like /health and /ready.
      serveAhead(app.getHttpServer(), serveMetrics(app.get(Metrics)));
    }
    app.use(httpMetrics(app.get(Metrics)));
    applyHttpSecurity(app, config);
    if (roles.includes('api')) serveApiDocs(app, switchyardVersion());
    app.use(json({ limit: '1mb' }));
    app.useGlobalPipes(new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true }));
    const port = roles.includes('api') ? config.http.port : config.http.healthPort;
    try {
      await app.listen(port, config.http.host);
    } catch (error) {
      // Stop what did start (pg-boss, pools) before reporting the failure.
      await app.close().catch(() => undefined);
      throw error;
    }
    const address = app.getHttpServer().address() as { port: number };
    const url = `http://127.0.0.1:${address.port}`;
    const summary = startupSummary({ roles, config, database, port: address.port, notes: options.notes ?? [] });
    logger.info({ ...summary.fields, bootMs: Date.now() - started }, summary.text);
    for (const warning of startupWarnings(roles, config)) logger.warn(warning);
    return {
      app,
      url,
      stop: async () => {
        await app.close();
        await database.stop();
      },
    };
  } catch (error) {
    await database.stop();
    throw error;
  }
}
