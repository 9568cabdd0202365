import { EspoClient } from '../src/people/crm/espo-client';
import { EspoRequestError, EspoUnavailableError } from '../src/people/crm/espo-error';
import { espoApiRoot, EspoSettings } from '../src/people/crm/espo-settings';
import { FakeEspoCrm } from './support/fake-espocrm';

describe('EspoClient against a loopback EspoCRM', () => {
  const espo = new FakeEspoCrm('key-123');
  const waits: number[] = [];
  const settings = (overrides: Partial<EspoSettings> = {}): EspoSettings => ({
    baseUrl: espoApiRoot(espo.url),
    apiKey: 'key-123',
    timeoutMs: 2000,
    maxAttempts: 3,
    retryBaseMs: 10,
    retryAfterMaxMs: 60_000,
    ...overrides,
  });
  // Waits are recorded, not slept, so the tests see what the client would wait.
  const client = (overrides: Partial<EspoSettings> = {}) =>
    new EspoClient(settings(overrides), async (ms) => {
      waits.push(ms);
    });

  beforeAll(() => espo.start());
  afterAll(() => espo.stop());
  beforeEach(() => {
    waits.length = 0;
    espo.clearFaults();
    espo.requests.length = 0;
  });

  it('adds /api/v1 to the base URL only when missing', () => {
    expect(espoApiRoot('https://crm.example.org')).toBe('https://crm.example.org/api/v1');
    expect(espoApiRoot('https://crm.example.org/api/v1/')).toBe('https://crm.example.org/api/v1');
    expect(espoApiRoot('https://example.org/espo/')).toBe('https://example.org/espo/api/v1');
  });

  it('lists with searchParams: offset, maxSize, select, where, orderBy, and reads total', async () => {
    const ids = ['Ada', 'Bob', 'Cy', 'Dee'].map((firstName) => espo.addContact({ firstName, lastName: 'X' }).id);
    const page = await client().list('Contact', {
      offset: 1,
      maxSize: 2,
      select: ['firstName'],
      where: [{ type: 'in', attribute: 'id', value: ids }],
      orderBy: 'createdAt',
      order: 'asc',
    });
    expect(page.total).toBe(4);
    expect(page.list).toEqual([
      { id: ids[1], firstName: 'Bob' },
      { id: ids[2], firstName: 'Cy' },
    ]);
    expect(espo.requests.at(-1)!.searchParams).toMatchObject({ offset: 1, maxSize: 2, select: 'firstName' });
  });

  it('refuses a page over 200 before asking, and EspoCRM refuses it too', async () => {
    await expect(client().list('Contact', { maxSize: 201 })).rejects.toThrow('maxSize must not exceed 200');
    const raw = await fetch(`${espo.url}/api/v1/Contact?searchParams=${encodeURIComponent('{"maxSize":500}')}`, {
      headers: { 'x-api-key': 'key-123' },
    });
    expect(raw.status).toBe(403);
    expect(raw.headers.get('x-status-reason')).toBe('Max size should not exceed 200');
  });

  it('reports a wrong API key as a 401 naming ESPO_API_KEY, without retrying', async () => {
    const error = await client({ apiKey: 'wrong' })
      .list('Contact', {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EspoRequestError);
    expect((error as Error).message).toContain('401');
    expect((error as Error).message).toContain('ESPO_API_KEY');
    expect(espo.requests).toHaveLength(1);
  });

  it("reports a 4xx with EspoCRM's X-Status-Reason", async () => {
    espo.fail('PUT', /^\/api\/v1\/Contact\//, { status: 409, reason: 'Record is locked' });
    const { id } = espo.addContact({ firstName: 'Lock' });
    await expect(client().update('Contact', id, { firstName: 'No' })).rejects.toThrow(
      `EspoCRM refused update Contact ${id}: 409 Record is locked`,
    );
  });

  it('waits what Retry-After asks on a 429, then succeeds', async () => {
    espo.fail('GET', /^\/api\/v1\/Contact$/, { status: 429, retryAfter: 7 });
    const page = await client().list('Contact', { maxSize: 1 });
    expect(page.list).toHaveLength(1);
    expect(waits).toEqual([7000]);
  });

  it('retries 5xx with growing backoff and gives up after ESPO_MAX_ATTEMPTS with the last reason', async () => {
    espo.fail('GET', /^\/api\/v1\/Contact$/, { status: 503, reason: 'Maintenance' }, 5);
    await expect(client().list('Contact', {})).rejects.toThrow(
      new EspoUnavailableError('EspoCRM did not answer list Contact after 3 attempts: 503 Maintenance'),
    );
    expect(waits).toHaveLength(2);
    expect(waits[1]! / waits[0]!).toBeGreaterThan(1);
  });

  it('fails at once when Retry-After asks longer than allowed', async () => {
    espo.fail('GET', /^\/api\/v1\/Contact$/, { status: 429, retryAfter: 3600 });
    await expect(client({ retryAfterMaxMs: 60_000 }).list('Contact', {})).rejects.toThrow(
      'asks to wait 3600 s, longer than ESPO_RETRY_AFTER_MAX_SECONDS',
    );
  });

  it('retries an answer slower than the timeout', async () => {
    espo.fail('GET', /^\/api\/v1\/Contact$/, { status: 0, delayMs: 400 });
    const page = await client({ timeoutMs: 150 }).list('Contact', { maxSize: 1 });
    expect(page.list).toHaveLength(1);
    expect(waits).toHaveLength(1);
  });

  it('reads, updates with PUT or PATCH (modifiedAt moves), and says when a contact does not exist', async () => {
    const contact = espo.addContact({ firstName: 'Eve' });
    const put = await client().update('Contact', contact.id, { lastName: 'Put' });
    expect(put).toMatchObject({ firstName: 'Eve', lastName: 'Put' });
    expect(put.modifiedAt).not.toBe(contact.createdAt);
    const patched = await client().update('Contact', contact.id, { lastName: 'Patch' }, 'PATCH');
    expect(patched.lastName).toBe('Patch');
    expect(await client().read('Contact', contact.id)).toMatchObject({ lastName: 'Patch' });
    expect(await client().readIfExists('Contact', 'nope')).toBeUndefined();
  });

  it('uploads an attachment as a data URI, links it keeping the ids already there, and downloads its bytes', async () => {
    const contact = espo.addContact({ firstName: 'Res', resumeIds: ['old1'] });
    const bytes = Buffer.from('%PDF-1.4 a resume');
    const { id } = await client().uploadAttachment({
      name: 'cv.pdf',
      type: 'application/pdf',
      bytes,
      parentType: 'Contact',
      field: 'resume',
    });
    expect(await client().linkAttachment('Contact', contact.id, 'resume', id)).toEqual(['old1', id]);
    expect(espo.contacts.get(contact.id)!.resumeIds).toEqual(['old1', id]);
    // Linking again changes nothing.
    expect(await client().linkAttachment('Contact', contact.id, 'resume', id)).toEqual(['old1', id]);
    const file = await client().download(id, 1024);
    expect(file).toEqual({ bytes, type: 'application/pdf' });
    await expect(client().download(id, 4)).rejects.toThrow('over the 4 byte limit');
    expect(await client().attachment(id)).toMatchObject({ name: 'cv.pdf', size: bytes.length });
  });

  it('registers a webhook and gets its secret', async () => {
    const hook = await client().createWebhook('Contact.update', 'https://hub.example.org/webhooks/espocrm');
    expect(hook.secretKey).toMatch(/^[0-9a-f]{32}$/);
    expect(espo.webhooks.get(hook.id)).toMatchObject({ event: 'Contact.update' });
    await client().deleteWebhook(hook.id);
    expect(espo.webhooks.has(hook.id)).toBe(false);
  });
});
