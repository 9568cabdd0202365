import { ProgressBar, summaryLine } from './progress-bar';

const counts = { crmTotal: 40, seen: 10, created: 10, changed: 0, unchanged: 0, missing: 0, failed: 0 };

describe('ProgressBar', () => {
  it('draws on a terminal and says nothing elsewhere', () => {
    let written = '';
    const tty = { isTTY: true, write: (text: string) => (written += text) } as unknown as NodeJS.WriteStream;
    const bar = new ProgressBar(tty);
    bar.update(counts);
    bar.end();
    expect(written).toBe(`\r[${'#'.repeat(8)}${'-'.repeat(22)}] 10/40 contacts\n`);
    let piped = '';
    const pipe = { isTTY: false, write: (text: string) => (piped += text) } as unknown as NodeJS.WriteStream;
    new ProgressBar(pipe).update(counts);
    expect(piped).toBe('');
  });

  it('sums up a run', () => {
    expect(summaryLine(counts)).toBe('seen 10, created 10, changed 0, unchanged 0, missing 0, failed 0');
  });
});
