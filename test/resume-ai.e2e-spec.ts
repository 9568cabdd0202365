import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/platform/config/app-config';
import { ProfileExtractor } from '../src/resumes/profile/profile-extractor';
import { FakeOpenAi } from './support/fake-openai';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const RESUME = {
  text: 'Ada Lovelace\nada@analytical.example\nSenior Backend Developer\nSkills: TypeScript, PostgreSQL',
  links: ['https://www.linkedin.com/in/ada-lovelace'],
};

const modelJson = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  emails: ['ada@analytical.example'],
  phone: '+44 20 7946 0958',
  links: ['https://www.linkedin.com/in/ada-lovelace', 'https://analytical.example', 'https://github.com/adal/engine'],
  location: 'London, United Kingdom',
  timezone: 'UTC+00:00',
  seniority: 'senior',
  roles: ['Backend Developer'],
  skills: ['TypeScript', 'PostgreSQL', 'Mathematics'],
};

/** The model path against a loopback OpenAI-compatible server that scripts every answer. */
describe('resume profiles from an OpenAI-compatible model', () => {
  const openai = new FakeOpenAi();
  let extractor: ProfileExtractor;

  beforeAll(async () => {
    await openai.start();
    extractor = new ProfileExtractor(
      loadConfig({ OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseUrl, RESUME_AI_MODEL: 'test-model' }),
    );
  });
  afterAll(() => openai.stop());
  beforeEach(() => openai.reset());

  it('asks for structured JSON and keeps the model’s answer, held to the profile rules', async () => {
    openai.answer({ content: JSON.stringify(modelJson) });
    const result = await extractor.extract(RESUME);
    expect(result).toMatchObject({ extractor: 'ai', model: 'test-model' });
    expect(result.fallbackReason).toBeUndefined();
    expect(result.profile).toMatchObject({
      name: { full: 'Ada Lovelace', first: 'Ada', last: 'Lovelace' },
      phone: '+442079460958',
      linkedin: 'https://www.linkedin.com/in/ada-lovelace',
      // A repository is no profile; the e-mail's domain is no personal site.
      github: null,
      website: null,
      timezone: 'UTC+00:00',
      seniority: 'senior',
      skills: ['TypeScript', 'PostgreSQL', 'Mathematics'],
    });
    const [request] = openai.requests;
    expect(request).toMatchObject({ model: 'test-model', response_format: { type: 'json_object' } });
    expect(request!.messages[1]!.content).toContain('Ada Lovelace');
    expect(request!.messages[1]!.content).toContain('https://www.linkedin.com/in/ada-lovelace');
  });

  it('repairs near-JSON (fences, prose, trailing commas, typographic quotes)', async () => {
    openai.answer({
      content: `Sure! Here is the profile:\n\`\`\`json\n{“firstName”: “Ada”, "lastName": "Lovelace", "skills": ["Rust",],}\n\`\`\`\nAnything else?`,
    });
    const result = await extractor.extract(RESUME);
    expect(result).toMatchObject({ extractor: 'ai', profile: { name: { full: 'Ada Lovelace' }, skills: ['Rust'] } });
    expect(openai.requests).toHaveLength(1);
  });

  it('asks once more, strictly, after an invalid answer, and uses a valid second one', async () => {
    openai.answer({ content: 'I cannot help with that.' }, { content: JSON.stringify(modelJson) });
    const result = await extractor.extract(RESUME);
    expect(result.extractor).toBe('ai');
    expect(openai.requests).toHaveLength(2);
    expect(openai.requests[1]!.messages[0]!.content).toMatch(/previous answer was not a valid JSON object/);
  });

  it('falls back to the heuristics, saying why, when both answers are unusable', async () => {
    openai.answer(
      { content: '{"firstName": "Ada", "skills": ["TypeScr', finishReason: 'length' },
      { content: '{"firstName": ' },
    );
    const result = await extractor.extract(RESUME);
    expect(result).toMatchObject({
      extractor: 'heuristic',
      model: 'test-model',
      fallbackReason:
        'first answer: the answer was cut off (finish_reason: length); strict retry: the answer was not a JSON object',
      profile: { name: { full: 'Ada Lovelace' }, skills: ['TypeScript', 'PostgreSQL'] },
    });
  });

  it('falls back at once when the model refuses the request, with its message and never the key', async () => {
    openai.answer({ status: 429, error: 'Rate limit reached for test-model', retryAfter: 20 });
    const result = await extractor.extract(RESUME);
    expect(result.extractor).toBe('heuristic');
    expect(result.fallbackReason).toBe('first answer: the model answered 429: Rate limit reached for test-model');
    expect(openai.requests).toHaveLength(1);

    const wrongKey = new ProfileExtractor(loadConfig({ OPENAI_API_KEY: 'sk-wrong', OPENAI_BASE_URL: openai.baseUrl }));
    const refused = await wrongKey.extract(RESUME);
    expect(refused.fallbackReason).toBe('first answer: the model answered 401: Incorrect API key provided');
    expect(JSON.stringify(refused)).not.toContain('sk-wrong');
  });

  describe('through the job', () => {
    let db: TestDatabase;
    let app: TestApp;
    let dataDir: string;
    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'switchyard-resume-ai-'));
      db = await createTestDatabase();
      app = await startTestApp({
        databaseUrl: db.url,
        env: { DATA_DIR: dataDir, OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseUrl },
      });
    });
    afterAll(async () => {
      await app?.stop();
      await db?.drop();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('records which extractor answered and why the model was not used', async () => {
      openai.answer({ content: 'no' }, { content: 'still no' });
      const form = new FormData();
      form.append('file', new Blob([RESUME.text]), 'ada.txt');
      const sent = (await (await app.api('/jobs/resume-extract', { method: 'POST', body: form })).json()) as {
        id: string;
      };
      const done = await waitFor(async () => {
        const body = (await (await app.api(`/jobs/resume-extract/${sent.id}`)).json()) as {
          status: string;
          preview: Record<string, unknown>;
        };
        return body.status === 'succeeded' ? body : undefined;
      }, 'the extraction');
      expect(done.preview).toMatchObject({
        extractor: 'heuristic',
        model: 'gpt-4o-mini',
        fallbackReason:
          'first answer: the answer was not a JSON object; strict retry: the answer was not a JSON object',
      });
    });
  });
});
