import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Server } from 'node:http';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { publicBaseUrl } from '../public-url';
import type { NewSession } from '../sessions/session';
import { BOOTSTRAP_LINK_PATH, consumeBootstrapLink, createBootstrapLink, RunQuery } from './bootstrap-links';

export const BOOTSTRAP_ADMIN: NewSession = {
  method: 'bootstrap',
  subject: 'bootstrap',
  name: 'Bootstrap admin',
  email: null,
  groups: [],
  isAdmin: true,
};

/**
 * The zero-config way in: with no identity provider on a local run (or AUTH_BOOTSTRAP_LOGIN=on),
 * one-time admin sign-in links work. On a local run one is logged once the api listens; elsewhere
 * never (logs are shipped and kept: a valid admin link in them is an admin session for whoever reads
 * them), only `node dist/main.js admin-link` prints one, to its own stdout, when asked.
 */
@Injectable()
export class BootstrapLogin implements OnApplicationBootstrap {
  private readonly run: RunQuery;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly http: HttpAdapterHost,
    private readonly logger: PinoLogger,
  ) {
    this.run = async <T>(sql: string, params: unknown[]) => {
      const result = await dataSource.query<T[] | [T[], number]>(sql, params);
      // TypeORM answers UPDATE and DELETE with [rows, count].
      return isRowsAndCount(result) ? result[0] : result;
    };
  }

  get enabled(): boolean {
    return this.config.auth.bootstrapLogin;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled || this.config.runtimeEnv !== 'local') return;
    const server = this.http.httpAdapter.getHttpServer() as Server;
    server.once('listening', () => {
      const { port } = server.address() as { port: number };
      this.announce(port).catch((error: unknown) =>
        this.logger.error({ err: error }, 'Could not create the bootstrap sign-in link'),
      );
    });
  }

  consume(token: string): ReturnType<typeof consumeBootstrapLink> {
    return consumeBootstrapLink(this.run, token);
  }

  private async announce(port: number): Promise<void> {
    const ttl = this.config.auth.bootstrapLinkTtlSeconds;
    const { token } = await createBootstrapLink(this.run, ttl);
    const url = `${publicBaseUrl(this.config, undefined, port)}${BOOTSTRAP_LINK_PATH}/${token}`;
    this.logger.info(
      `Admin sign-in link (one use, valid ${Math.round(ttl / 60)} min): ${url} | another: node dist/main.js admin-link`,
    );
  }
}

const isRowsAndCount = <T>(result: T[] | [T[], number]): result is [T[], number] =>
  result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number';
