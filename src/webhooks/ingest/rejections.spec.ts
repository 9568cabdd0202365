import { randomBytes } from 'node:crypto';
import { NotFoundException, UnauthorizedException } from '@nestjs/common';
import { IngestRejections, OTHER_SOURCES, UNKNOWN_SOURCE } from './rejections';

describe('IngestRejections', () => {
  it('counts deliveries to made-up slugs in one bucket, however many there are', () => {
    const rejections = new IngestRejections();
    for (let i = 0; i < 5000; i++) {
      const slug = randomBytes(12).toString('hex');
      rejections.record(slug, new NotFoundException(`No webhook source "${slug}" is configured`));
    }
    const { counts, recent } = rejections.summary();
    expect(counts).toEqual([{ source: UNKNOWN_SOURCE, reason: 'unknown_source', count: 5000 }]);
    expect(recent).toHaveLength(50);
    expect(rejections.summary(Number.MAX_SAFE_INTEGER).recent).toHaveLength(200);
  });

  it('keeps its answer small whatever the sources and messages', () => {
    const rejections = new IngestRejections();
    const long = 'x'.repeat(16_000);
    for (let i = 0; i < 3000; i++) {
      rejections.record(`${i}-${long}`, new UnauthorizedException(long));
    }
    const summary = rejections.summary(Number.MAX_SAFE_INTEGER);
    expect(summary.counts).toHaveLength(1001);
    expect(summary.counts.at(-1)).toEqual({ source: OTHER_SOURCES, reason: 'bad_signature', count: 2000 });
    expect(JSON.stringify(summary).length).toBeLessThan(1_000_000);
    expect(summary.recent[0]!.source.length).toBeLessThanOrEqual(80);
    expect(summary.recent[0]!.message.length).toBeLessThanOrEqual(300);
  });

  it('still counts a known source by its name and reason', () => {
    const rejections = new IngestRejections();
    rejections.record('github', new UnauthorizedException('Missing X-Hub-Signature-256 header'));
    rejections.record('github', new UnauthorizedException('Missing X-Hub-Signature-256 header'));
    expect(rejections.summary().counts).toEqual([{ source: 'github', reason: 'bad_signature', count: 2 }]);
  });
});
