import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectNotFoundError, ObjectStorage, ObjectTooLargeError } from '../src/storage/object-storage';
import { InvalidObjectKeyError } from '../src/storage/object-key';
import { S3ObjectStorage } from '../src/storage/s3-object-storage';
import { FakeS3 } from './support/fake-s3';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

interface Backend {
  name: 'disk' | 'minio';
  env(): Record<string, string>;
}

const s3 = new FakeS3();
let dataDir: string;

const backends: Backend[] = [
  { name: 'disk', env: () => ({ DATA_DIR: dataDir }) },
  { name: 'minio', env: () => ({ DATA_DIR: dataDir, ...s3.env('contract-bucket') }) },
];

beforeAll(async () => {
  await s3.start();
  dataDir = await mkdtemp(join(tmpdir(), 'switchyard-objects-'));
});
afterAll(async () => {
  await s3.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** One contract, two backends: what the rest of Switchyard may rely on from ObjectStorage. */
describe.each(backends)('object storage contract: $name', (backend) => {
  let db: TestDatabase;
  let app: TestApp;
  let storage: ObjectStorage;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ databaseUrl: db.url, roles: ['api'], env: backend.env() });
    storage = app.app.get(ObjectStorage);
    expect(storage.kind).toBe(backend.name);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('is ready at start (directory or bucket made without being asked)', async () => {
    await waitFor(async () => (await storage.stat('nothing/here')) === null, 'the storage to answer');
  });

  it('stores, reads, overwrites and removes objects by key', async () => {
    const key = `resumes/${backend.name}/a.pdf`;
    await storage.put(key, Buffer.from('%PDF-1.7 first'), 'application/pdf');
    expect((await storage.get(key)).toString()).toBe('%PDF-1.7 first');
    expect(await storage.stat(key)).toEqual({ size: 14 });
    await storage.put(key, Buffer.from('second version'), 'application/pdf');
    expect((await storage.get(key)).toString()).toBe('second version');
    await storage.remove(key);
    expect(await storage.stat(key)).toBeNull();
    await expect(storage.get(key)).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(storage.remove(key)).resolves.toBeUndefined();
  });

  it('keeps binary content byte for byte', async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256));
    await storage.put('binary/blob.bin', bytes, 'application/octet-stream');
    expect((await storage.get('binary/blob.bin')).equals(bytes)).toBe(true);
  });

  it('refuses to read more than asked for', async () => {
    await storage.put('big/one.txt', Buffer.alloc(4096, 'a'), 'text/plain');
    await expect(storage.get('big/one.txt', 1024)).rejects.toBeInstanceOf(ObjectTooLargeError);
    expect((await storage.get('big/one.txt', 4096)).length).toBe(4096);
  });

  it.each(['../escape', '/absolute', 'a//b', '.hidden/x', 'a/../../b', 'back\\slash', 'spa ce', ''])(
    'refuses the key %j before touching the backend',
    async (key) => {
      await expect(storage.put(key, Buffer.from('x'), 'text/plain')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(storage.downloadUrl(key, { filename: 'x', contentType: 'text/plain' })).rejects.toThrow(
        InvalidObjectKeyError,
      );
    },
  );

  it('hands out a download link a browser can open, with the name and type', async () => {
    await storage.put('links/cv.pdf', Buffer.from('%PDF-1.4 resume'), 'application/pdf');
    const url = await storage.downloadUrl('links/cv.pdf', {
      filename: 'Ada "Lovelace"; CV.pdf',
      contentType: 'application/pdf',
    });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(
      backend.name === 'disk'
        ? `filename*=UTF-8''Ada%20%22Lovelace%22%3B%20CV.pdf`
        : 'filename="Ada _Lovelace__ CV.pdf"',
    );
    expect(await res.text()).toBe('%PDF-1.4 resume');
  });

  it('refuses a tampered link, and an expired one', async () => {
    await storage.put('links/secret.txt', Buffer.from('private'), 'text/plain');
    await storage.put('links/other.txt', Buffer.from('other'), 'text/plain');
    const url = await storage.downloadUrl('links/secret.txt', { filename: 's.txt', contentType: 'text/plain' });
    const tampered = url.includes('/files/')
      ? url.replace(/\/files\/([^.]+)\./, (_m, payload: string) => {
          const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { k: string };
          claims.k = 'links/other.txt';
          return `/files/${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
        })
      : url.replace('links/secret.txt', 'links/other.txt');
    expect(tampered).not.toBe(url);
    const refused = await fetch(tampered);
    expect([403, 404]).toContain(refused.status);
    expect(await refused.text()).not.toContain('other');

    const shortLived = await storage.downloadUrl('links/secret.txt', {
      filename: 's.txt',
      contentType: 'text/plain',
      ttlSeconds: 1,
    });
    expect((await fetch(shortLived)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const expired = await fetch(shortLived);
    expect([403, 410]).toContain(expired.status);
    expect(await expired.text()).not.toContain('private');
  });

  if (backend.name === 'disk') {
    it('writes under DATA_DIR/objects and leaves no partial files behind', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => storage.put('race/same.txt', Buffer.from(`writer ${i}`), 'text/plain')),
      );
      expect(await readFile(join(dataDir, 'objects', 'race', 'same.txt'), 'utf8')).toMatch(/^writer \d+$/);
      expect(await readdir(join(dataDir, 'objects', '.partial'))).toEqual([]);
    });

    it('says why a link is refused', async () => {
      const res = await fetch(`${app.url}/files/not-a-link`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { message: string }).message).toMatch(/not valid/);
    });
  } else {
    it('is refused by the server with a wrong secret (the fake checks signatures)', async () => {
      const wrong = new S3ObjectStorage(
        {
          endpoint: s3.endpoint,
          publicEndpoint: s3.endpoint,
          bucket: 'contract-bucket',
          accessKey: s3.accessKey,
          secretKey: 'not-the-secret',
          region: 'us-east-1',
        },
        60,
      );
      await expect(wrong.put('x/y.txt', Buffer.from('x'), 'text/plain')).rejects.toThrow(/signature/i);
    });
  }
});
