import { join } from 'node:path';
import { Global, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { publicBaseUrl } from '../auth/public-url';
import { AppConfig } from '../platform/config/app-config';
import { resolveSecretsKey } from '../platform/security/secrets-key';
import { DiskObjectStorage } from './disk-object-storage';
import { DownloadLinks } from './download-links';
import { ObjectStorage } from './object-storage';
import { S3ObjectStorage } from './s3-object-storage';

/**
 * Where download links point without PUBLIC_BASE_URL: the api port, or with PORT=0 (tests) the port
 * this process was given.
 */
function linkBase(config: AppConfig, http: HttpAdapterHost): string {
  const bound = http.httpAdapter?.getHttpServer()?.address() as { port?: number } | null | undefined;
  return publicBaseUrl(config, undefined, config.http.port === 0 && bound?.port ? bound.port : config.http.port);
}

/** The configured backend: MinIO/S3 when STORAGE_BACKEND=minio, else DATA_DIR/objects. */
export function createObjectStorage(config: AppConfig, links: DownloadLinks, http: HttpAdapterHost): ObjectStorage {
  const { files } = config;
  if (files.backend === 'minio' && files.minio) return new S3ObjectStorage(files.minio, files.linkTtlSeconds);
  return new DiskObjectStorage(
    join(config.dataDir, 'objects'),
    links,
    () => linkBase(config, http),
    files.linkTtlSeconds,
  );
}

/**
 * Makes the directory or bucket at start, without holding the boot: an unreachable MinIO must not
 * stop webhooks; the first upload tries again and fails with the reason.
 */
@Injectable()
class StorageStartup implements OnApplicationBootstrap {
  private readonly logger = new Logger('ObjectStorage');

  constructor(private readonly storage: ObjectStorage) {}

  onApplicationBootstrap(): void {
    void this.storage.ensureReady().then(
      () => this.logger.log(`Object storage ready (${this.storage.kind})`),
      (error: Error) => this.logger.warn(`Object storage not ready yet (${this.storage.kind}): ${error.message}`),
    );
  }
}

@Global()
@Module({
  providers: [
    {
      provide: DownloadLinks,
      inject: [AppConfig],
      useFactory: (c: AppConfig) => new DownloadLinks(resolveSecretsKey(c).key),
    },
    { provide: ObjectStorage, inject: [AppConfig, DownloadLinks, HttpAdapterHost], useFactory: createObjectStorage },
    StorageStartup,
  ],
  exports: [ObjectStorage, DownloadLinks],
})
export class StorageModule {}
