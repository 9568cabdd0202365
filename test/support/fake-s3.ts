import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('@20minutes/s3rver') as new (options: object) => {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DUMMY_ACCOUNT } = require('@20minutes/s3rver/lib/models/account') as {
  DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void };
};

/**
 * An S3 server on loopback that checks AWS Signature V4 like the real one (a wrong secret or a
 * tampered presigned URL gets 403). It has no multipart uploads: keep test objects small.
 */
export class FakeS3 {
  readonly accessKey = 'internal';
  readonly secretKey = 'fake-s3-secret-key-0123456789';
  private server?: InstanceType<typeof S3rver>;
  private directory?: string;
  endpoint = '';

  async start(): Promise<this> {
    this.directory = await mkdtemp(join(tmpdir(), 'switchyard-s3-'));
    DUMMY_ACCOUNT.createKeyPair(this.accessKey, this.secretKey);
    this.server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: this.directory });
    const { port } = await this.server.run();
    this.endpoint = `http://127.0.0.1:${port}`;
    return this;
  }

  /** The MINIO_* variables that point Switchyard here. */
  env(bucket = 'internal-transfers'): Record<string, string> {
    return {
      STORAGE_BACKEND: 'minio',
      MINIO_ENDPOINT: this.endpoint,
      MINIO_INTERNAL_BUCKET: bucket,
      MINIO_ROOT_USER: this.accessKey,
      MINIO_ROOT_PASSWORD: this.secretKey,
    };
  }

  async stop(): Promise<void> {
    await this.server?.close().catch(() => undefined);
    if (this.directory) await rm(this.directory, { recursive: true, force: true });
  }
}
