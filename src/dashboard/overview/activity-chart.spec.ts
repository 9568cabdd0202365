import { activityChart } from './activity-chart';
import type { MinuteCounts } from './minute-activity';

const hour = (counts: Record<number, Partial<MinuteCounts>>): MinuteCounts[] =>
  Array.from({ length: 60 }, (_, i) => ({
    minute: new Date(Date.UTC(2025, 0, 31, 13, i)),
    webhooks: 0,
    succeeded: 0,
    failed: 0,
    ...counts[i],
  }));

describe('activityChart', () => {
  it('scales bars to a round maximum, stacks dead jobs on succeeded ones, and describes every minute', () => {
    const chart = activityChart(hour({ 0: { webhooks: 40 }, 59: { webhooks: 10, succeeded: 30, failed: 10 } }));
    expect(chart.max).toBe(50);
    expect(chart.slots).toHaveLength(60);
    expect(chart.slots[0]!.bars).toEqual([{ series: 'webhooks', x: 1, y: 24, width: 4, height: 96 }]);
    const last = chart.slots[59]!;
    expect(last.title).toBe('13:59 UTC: 10 webhooks, 30 jobs succeeded, 10 dead');
    const [webhooks, succeeded, failed] = last.bars;
    expect(webhooks).toMatchObject({ series: 'webhooks', height: 24, y: 96 });
    expect(succeeded).toMatchObject({ series: 'succeeded', height: 72, y: 48 });
    expect(failed).toMatchObject({ series: 'failed', height: 24, y: 24, x: succeeded!.x });
    expect(chart.slots[30]!.bars).toEqual([]);
    expect(chart.summary).toBe('In the last hour: 50 webhooks received, 30 jobs succeeded, 10 dead.');
  });

  it('keeps a one-event minute visible and the scale readable when little happened', () => {
    const chart = activityChart(hour({ 5: { webhooks: 1 } }));
    expect(chart.max).toBe(5);
    expect(chart.slots[5]!.bars[0]).toMatchObject({ height: 24, y: 96 });
    expect(chart.summary).toBe('In the last hour: 1 webhook received, 0 jobs succeeded, 0 dead.');
  });
});
