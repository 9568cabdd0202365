import type { SyncCounts } from '../store/sync-runs';

const WIDTH = 30;

/** `[##########--------------------]  120/360 contacts` on a terminal; nothing elsewhere (logs stay clean). */
export class ProgressBar {
  private drawn = false;

  constructor(private readonly out: NodeJS.WriteStream) {}

  update(counts: SyncCounts): void {
    if (!this.out.isTTY) return;
    const total = Math.max(counts.crmTotal ?? 0, counts.seen, 1);
    const filled = Math.min(WIDTH, Math.round((counts.seen / total) * WIDTH));
    this.out.write(`\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${counts.seen}/${total} contacts`);
    this.drawn = true;
  }

  end(): void {
    if (this.drawn) this.out.write('\n');
  }
}

export function summaryLine(counts: SyncCounts): string {
  const { seen, created, changed, unchanged, missing, failed } = counts;
  return `seen ${seen}, created ${created}, changed ${changed}, unchanged ${unchanged}, missing ${missing}, failed ${failed}`;
}
