import { Client } from 'minio';
import type { MinioSettings } from '../platform/config/files-config';
import { presignedContentDisposition } from './content-disposition';
import { assertObjectKey } from './object-key';
import {
  DownloadOptions,
  ObjectNotFoundError,
  ObjectStorage,
  ObjectTooLargeError,
  StoredObject,
} from './object-storage';

const clientFor = (endpoint: string, settings: MinioSettings) => {
  const url = new URL(endpoint);
  const useSSL = url.protocol === 'https:';
  return new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    accessKey: settings.accessKey,
    secretKey: settings.secretKey,
    // Set, so the client never asks the server for the bucket's region (presigning stays offline).
    region: settings.region,
    pathStyle: true,
  });
};

const NOT_FOUND = new Set(['NoSuchKey', 'NotFound', 'NoSuchObject']);
const isNotFound = (error: unknown) => NOT_FOUND.has((error as { code?: string }).code ?? '');

/**
 * Objects in one bucket of MinIO (or any S3) through the `minio` client. Links are presigned for
 * MINIO_PUBLIC_ENDPOINT (a signature names the host it was made for), so browsers fetch the bytes
 * from MinIO directly.
 */
export class S3ObjectStorage extends ObjectStorage {
  readonly kind = 'minio' as const;
  private readonly client: Client;
  private readonly publicClient: Client;

  constructor(
    private readonly settings: MinioSettings,
    private readonly defaultTtlSeconds: number,
  ) {
    super();
    this.client = clientFor(settings.endpoint, settings);
    this.publicClient =
      settings.publicEndpoint === settings.endpoint ? this.client : clientFor(settings.publicEndpoint, settings);
  }

  async ensureReady(): Promise<void> {
    const { bucket, region } = this.settings;
    if (await this.client.bucketExists(bucket)) return;
    await this.client.makeBucket(bucket, region).catch(async (error: unknown) => {
      // Another process made it at the same moment.
      if (!(await this.client.bucketExists(bucket))) throw error;
    });
  }

  async put(key: string, body: Buffer, contentType: string): Promise<StoredObject> {
    assertObjectKey(key);
    // The size is always passed: without it the client assumes 5 TiB and goes multipart.
    await this.client.putObject(this.settings.bucket, key, body, body.length, { 'Content-Type': contentType });
    return { key, size: body.length, contentType };
  }

  async get(key: string, maxBytes = Number.MAX_SAFE_INTEGER): Promise<Buffer> {
    const found = await this.stat(key);
    if (!found) throw new ObjectNotFoundError(key);
    if (found.size > maxBytes) throw new ObjectTooLargeError(key, found.size, maxBytes);
    let stream: Awaited<ReturnType<Client['getObject']>>;
    try {
      stream = await this.client.getObject(this.settings.bucket, key);
    } catch (error) {
      throw isNotFound(error) ? new ObjectNotFoundError(key) : error;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        stream.destroy();
        throw new ObjectTooLargeError(key, size, maxBytes);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  async stat(key: string): Promise<{ size: number } | null> {
    assertObjectKey(key);
    try {
      const info = await this.client.statObject(this.settings.bucket, key);
      return { size: info.size };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    assertObjectKey(key);
    await this.client.removeObject(this.settings.bucket, key);
  }

  async downloadUrl(key: string, options: DownloadOptions): Promise<string> {
    assertObjectKey(key);
    return this.publicClient.presignedGetObject(
      this.settings.bucket,
      key,
      options.ttlSeconds ?? this.defaultTtlSeconds,
      {
        'response-content-type': options.contentType,
        'response-content-disposition': presignedContentDisposition(options.filename),
      },
    );
  }
}
