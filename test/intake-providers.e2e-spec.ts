import { createHmac } from 'node:crypto';
import { postJson, useTestApp } from './support/switchyard';

const json = { 'content-type': 'application/json' };

/** The people intake providers through the real HTTP path, as DocuSeal and a form's Apps Script send. */
describe('intake webhook providers', () => {
  const ctx = useTestApp({ roles: ['api'] });

  const createSource = async (body: Record<string, unknown>) => {
    const res = await postJson(ctx.app, '/webhooks/sources', body);
    expect({ status: res.status, body: res.status === 201 ? '' : await res.text() }).toEqual({ status: 201, body: '' });
    return (await res.json()) as { secret: string };
  };
  const stored = (source: string) =>
    ctx.db.query<{ event_type: string; delivery_id: string; description: string; headers: Record<string, string> }>(
      'SELECT event_type, delivery_id, description, headers FROM webhook_events WHERE source = $1 ORDER BY received_at',
      [source],
    );
  const send = (slug: string, headers: Record<string, string>, body: string) =>
    fetch(`${ctx.app.url}/webhooks/${slug}`, { method: 'POST', headers: { ...json, ...headers }, body });
  const messageOf = async (res: Response) => ((await res.json()) as { message: string }).message;

  describe('docuseal', () => {
    const completed = (templateId: number, submitterId: number) =>
      JSON.stringify({
        event_type: 'form.completed',
        timestamp: '2026-12-07T09:00:00.000Z',
        data: {
          id: submitterId,
          submission_id: 500 + submitterId,
          email: 'ada@example.org',
          status: 'completed',
          completed_at: '2026-12-07T08:59:58.000Z',
          template: { id: templateId, name: templateId === 6 ? 'Member agreement' : 'NDA' },
          values: [{ field: 'Full name', value: 'Ada Lovelace' }],
        },
      });

    it('turns the configured template’s completed form into agreement.signed, once, secret header redacted', async () => {
      const { secret } = await createSource({
        slug: 'agreements',
        provider: 'docuseal',
        settings: { agreementTemplateIds: [6] },
      });
      const first = await send('agreements', { 'x-docuseal-secret': secret }, completed(6, 41));
      expect(first.status).toBe(202);
      const again = await send('agreements', { 'x-docuseal-secret': secret }, completed(6, 41));
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ duplicate: true });
      expect((await send('agreements', { 'x-docuseal-secret': secret }, completed(7, 42))).status).toBe(202);
      const events = await stored('agreements');
      expect(events.map((e) => [e.event_type, e.description])).toEqual([
        ['docuseal.agreement.signed', 'Member agreement "Member agreement" signed by ada@example.org'],
        ['docuseal.form.completed', 'DocuSeal form.completed "NDA" by ada@example.org'],
      ]);
      expect(events[0]!.headers['x-docuseal-secret']).toBe('[redacted]');
    });

    it('refuses a missing or wrong secret, and settings without the agreement template', async () => {
      await createSource({
        slug: 'agreements-2',
        provider: 'docuseal',
        secret: 'docuseal-secret-value-1',
        settings: { agreementTemplateIds: ['6'], secretHeader: 'X-Agency-Secret' },
      });
      const missing = await send('agreements-2', {}, completed(6, 1));
      expect(missing.status).toBe(401);
      expect(await messageOf(missing)).toBe(
        "Missing X-Agency-Secret header (set it as the webhook's secret in DocuSeal)",
      );
      const wrong = await send('agreements-2', { 'x-agency-secret': 'docuseal-secret-value-2' }, completed(6, 1));
      expect(wrong.status).toBe(401);
      expect(await messageOf(wrong)).toBe('X-Agency-Secret does not match any configured secret');
      expect(
        (await send('agreements-2', { 'x-agency-secret': 'docuseal-secret-value-1' }, completed(6, 1))).status,
      ).toBe(202);
      const bad = await postJson(ctx.app, '/webhooks/sources', { slug: 'bad-docuseal', provider: 'docuseal' });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(await bad.json())).toContain('agreementTemplateIds must list the DocuSeal template ids');
    });
  });

  describe('google-forms', () => {
    const FORM = '1FAIpQLSf-intake-form-0001';
    const response = (formId: string, responseId: string) =>
      JSON.stringify({
        formId,
        responseId,
        submittedAt: '2026-12-07T09:00:00Z',
        respondentEmail: 'grace@example.org',
        answers: { 'Your name': 'Grace Hopper', 'Discord user': 'grace#0001', Skills: ['COBOL', 'Python'] },
      });
    const signed = (secret: string, body: string) => ({
      'x-forms-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    });

    it('accepts signed responses of allow-listed forms as intake events, once per response', async () => {
      const { secret } = await createSource({
        slug: 'intake',
        provider: 'google-forms',
        settings: { formIds: [FORM] },
      });
      const body = response(FORM, 'ACYDBNj-response-1');
      expect((await send('intake', signed(secret, body), body)).status).toBe(202);
      expect(await (await send('intake', signed(secret, body), body)).json()).toMatchObject({ duplicate: true });
      expect((await stored('intake')).map((e) => [e.event_type, e.delivery_id, e.description])).toEqual([
        [
          'google-forms.response.submitted',
          `${FORM}:ACYDBNj-response-1`,
          'Form response from grace@example.org (3 answers)',
        ],
      ]);
    });

    it('refuses other forms, bad signatures and settings without forms, saying why', async () => {
      const { secret } = await createSource({
        slug: 'intake-2',
        provider: 'google-forms',
        settings: { formIds: [FORM] },
      });
      const other = response('1FAIpQLSf-someone-elses-form', 'r-2');
      const refused = await send('intake-2', signed(secret, other), other);
      expect(refused.status).toBe(400);
      expect(await messageOf(refused)).toBe("Form 1FAIpQLSf-someone-elses-form is not in this source's formIds");
      const body = response(FORM, 'r-3');
      const forged = await send('intake-2', signed('not-the-secret', body), body);
      expect(forged.status).toBe(401);
      expect(await messageOf(forged)).toBe('X-Forms-Signature does not match the body for any configured secret');
      const bad = await postJson(ctx.app, '/webhooks/sources', {
        slug: 'bad-forms',
        provider: 'google-forms',
        settings: {},
      });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(await bad.json())).toContain('formIds must list the ids of the allowed forms');
      expect(await stored('intake-2')).toEqual([]);
    });
  });
});
