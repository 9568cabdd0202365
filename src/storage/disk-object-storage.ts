import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DownloadLinks } from './download-links';
import { assertObjectKey } from './object-key';
import {
  DownloadOptions,
  ObjectNotFoundError,
  ObjectStorage,
  ObjectTooLargeError,
  StoredObject,
} from './object-storage';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Objects as files under one directory (DATA_DIR/objects). A write goes to `.partial/` first, is
 * flushed, then renamed into place: readers see the old object or the new one, never half of one.
 * Download links point at the api's `/files/<token>` route, signed by DownloadLinks.
 */
export class DiskObjectStorage extends ObjectStorage {
  readonly kind = 'disk' as const;
  private readonly partialDir: string;

  constructor(
    private readonly root: string,
    private readonly links: DownloadLinks,
    private readonly linkBase: () => string,
    private readonly defaultTtlSeconds: number,
  ) {
    super();
    this.partialDir = join(root, '.partial');
  }

  async ensureReady(): Promise<void> {
    await mkdir(this.partialDir, { recursive: true, mode: 0o700 });
  }

  async put(key: string, body: Buffer, contentType: string): Promise<StoredObject> {
    const target = this.path(key);
    await this.ensureReady();
    const partial = join(this.partialDir, `${randomBytes(12).toString('hex')}.tmp`);
    const file = await open(partial, 'wx', 0o600);
    try {
      await file.writeFile(body);
      await file.sync();
    } finally {
      await file.close();
    }
    try {
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return { key, size: body.length, contentType };
  }

  async get(key: string, maxBytes = Number.MAX_SAFE_INTEGER): Promise<Buffer> {
    const found = await this.stat(key);
    if (!found) throw new ObjectNotFoundError(key);
    if (found.size > maxBytes) throw new ObjectTooLargeError(key, found.size, maxBytes);
    return readFile(this.path(key)).catch((error: unknown) => {
      throw isMissing(error) ? new ObjectNotFoundError(key) : error;
    });
  }

  async stat(key: string): Promise<{ size: number } | null> {
    try {
      const info = await stat(this.path(key));
      return info.isFile() ? { size: info.size } : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async downloadUrl(key: string, options: DownloadOptions): Promise<string> {
    assertObjectKey(key);
    const ttl = options.ttlSeconds ?? this.defaultTtlSeconds;
    const token = this.links.sign({
      key,
      filename: options.filename,
      contentType: options.contentType,
      expiresAt: Math.floor(Date.now() / 1000) + ttl,
    });
    return `${this.linkBase()}/files/${token}`;
  }

  private path(key: string): string {
    return join(this.root, assertObjectKey(key));
  }
}
