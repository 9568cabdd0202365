import type { ResumePreview } from '../../resumes/preview/resume-preview';
import { emptyProfile } from '../../resumes/profile/resume-profile';
import { appliedData, extractorText, resumeLimits, reviewRows } from './resume-review';

const preview = (over: Partial<ResumePreview> = {}): ResumePreview => ({
  extractor: 'heuristic',
  extractorVersion: 'test',
  contactId: 'c1',
  comparedWithContact: true,
  profile: emptyProfile(),
  textLength: 10,
  changes: [
    { field: 'lastName', current: 'King', proposed: 'Lovelace', kind: 'change' },
    { field: 'timezone', current: null, proposed: 'UTC+00:00', kind: 'set' },
    { field: 'skills', current: ['Rust'], proposed: ['TypeScript', 'Docker'], kind: 'add' },
    { field: 'roles', current: null, proposed: ['Developer'], kind: 'add' },
    { field: 'location', current: null, proposed: 'London', kind: 'set' },
  ],
  ...over,
});

describe('resume review rows', () => {
  it('ticks only fields the contact has no value for, and never one EspoCRM has no attribute for', () => {
    const rows = Object.fromEntries(reviewRows(preview()).map((r) => [r.field, r]));
    expect(rows.lastName).toMatchObject({ label: 'Last name', current: 'King', proposed: 'Lovelace', checked: false });
    expect(rows.timezone).toMatchObject({ current: null, checked: true, applicable: true });
    expect(rows.skills).toMatchObject({ current: 'Rust', proposed: 'TypeScript, Docker', kind: 'add', checked: false });
    expect(rows.roles).toMatchObject({ current: null, checked: true });
    expect(rows.location).toMatchObject({ applicable: false, checked: false });
  });

  it('keeps what the reviewer ticked when the form is shown again', () => {
    const checked = reviewRows(preview(), ['lastName', 'location'])
      .filter((r) => r.checked)
      .map((r) => r.field);
    expect(checked).toEqual(['lastName']);
  });
});

describe('extractor in words', () => {
  it('names the heuristics, the model, or the fallback with its reason', () => {
    expect(extractorText(preview())).toBe('the heuristics');
    expect(extractorText(preview({ extractor: 'ai', model: 'gpt-test' }))).toBe('the model gpt-test');
    expect(extractorText(preview({ fallbackReason: 'the model answered 429' }))).toBe(
      "the heuristics, because the model's answer was not used: the model answered 429",
    );
  });
});

describe('apply result and limits', () => {
  it('counts changed, unchanged and failed fields', () => {
    const data = appliedData([
      { field: 'lastName', status: 'changed', before: 'King', after: 'Lovelace' },
      { field: 'skills', status: 'unchanged', before: ['Rust'], after: ['Rust'] },
      { field: 'seniority', status: 'failed', before: 'junior', after: 'junior', error: '400 Not valid' },
    ]);
    expect(data).toMatchObject({ changed: 1, unchanged: 1, failed: 1 });
    expect(data.rows[2]).toMatchObject({ label: 'Seniority', error: '400 Not valid' });
  });

  it('describes the upload limits', () => {
    expect(
      resumeLimits({
        backend: 'disk',
        linkTtlSeconds: 60,
        maxFileBytes: 5 * 1024 * 1024,
        allowedTypes: ['pdf', 'docx'],
      }),
    ).toEqual({ maxMb: 5, types: 'PDF, DOCX', accept: '.pdf,.docx' });
  });
});
