import { SignatureFailures } from './signature-failures';

describe('SignatureFailures', () => {
  it('counts refusals per source over the last five minutes only', () => {
    const failures = new SignatureFailures();
    const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
    for (let i = 0; i < 3; i++) failures.record('github', t0);
    failures.record('github', t0 + 2 * 60_000);
    failures.record('jira', t0 + 4 * 60_000);
    expect(failures.recent(t0 + 4 * 60_000)).toEqual([
      { source: 'github', count: 4 },
      { source: 'jira', count: 1 },
    ]);
    expect(failures.recent(t0 + 6 * 60_000)).toEqual([
      { source: 'github', count: 1 },
      { source: 'jira', count: 1 },
    ]);
    expect(failures.recent(t0 + 20 * 60_000)).toEqual([]);
  });
});
