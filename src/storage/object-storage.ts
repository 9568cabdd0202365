export interface StoredObject {
  key: string;
  size: number;
  contentType: string;
}

export interface DownloadOptions {
  /** The name the browser saves the file as. */
  filename: string;
  contentType: string;
  /** Default FILE_LINK_TTL_SECONDS. */
  ttlSeconds?: number;
}

export class ObjectNotFoundError extends Error {
  override readonly name = 'ObjectNotFoundError';
  constructor(readonly key: string) {
    super(`No stored object ${key}`);
  }
}

export class ObjectTooLargeError extends Error {
  override readonly name = 'ObjectTooLargeError';
  constructor(
    readonly key: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`Stored object ${key} has ${size} bytes, more than the ${limit} allowed here`);
  }
}

/**
 * Where Switchyard keeps files (resumes): the local disk under DATA_DIR/objects, or MinIO/S3.
 * Keys are validated (object-key.ts); objects are written whole or not at all. Objects stay below
 * the S3 client's multipart part size (64 MiB): uploads are capped by MAX_FILE_SIZE_MB (at most 100).
 */
export abstract class ObjectStorage {
  abstract readonly kind: 'disk' | 'minio';
  /** Creates what the backend needs (the directory, the bucket); safe to call again. */
  abstract ensureReady(): Promise<void>;
  abstract put(key: string, body: Buffer, contentType: string): Promise<StoredObject>;
  /** The whole object; ObjectTooLargeError beyond `maxBytes`, ObjectNotFoundError when missing. */
  abstract get(key: string, maxBytes?: number): Promise<Buffer>;
  abstract stat(key: string): Promise<{ size: number } | null>;
  /** Removing a missing object is not an error. */
  abstract remove(key: string): Promise<void>;
  /** A link a browser can open without signing in, valid for a limited time. */
  abstract downloadUrl(key: string, options: DownloadOptions): Promise<string>;
}
