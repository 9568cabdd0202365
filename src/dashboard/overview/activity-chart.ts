import { formatTime } from '../pages/page-engine';
import type { MinuteCounts } from './minute-activity';

export interface ChartBar {
  x: number;
  y: number;
  width: number;
  height: number;
  series: 'webhooks' | 'succeeded' | 'failed';
}

export interface ChartSlot {
  bars: ChartBar[];
  /** Tooltip and accessible text of the minute. */
  title: string;
  x: number;
  width: number;
}

export interface ActivityChart {
  width: number;
  height: number;
  /** The top of the scale, labelled on the chart. */
  max: number;
  slots: ChartSlot[];
  totals: { webhooks: number; succeeded: number; failed: number };
  /** One sentence for screen readers and the figure caption. */
  summary: string;
}

const WIDTH = 600;
const HEIGHT = 120;
const SLOT = WIDTH / 60;
const BAR = 4;

/** A round top for the scale, so bars compare against a readable number. */
function niceMax(value: number): number {
  if (value <= 5) return 5;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((f) => f * power).find((n) => n >= value)!;
}

/**
 * The geometry of the overview's per-minute chart, drawn by the view as plain SVG (no script): per
 * minute a bar of webhooks received and beside it a bar of jobs finished, dead ones stacked on top.
 */
export function activityChart(minutes: MinuteCounts[]): ActivityChart {
  const max = niceMax(Math.max(0, ...minutes.map((m) => Math.max(m.webhooks, m.succeeded + m.failed))));
  const scale = (n: number) => (n / max) * HEIGHT;
  const slots = minutes.map((m, i): ChartSlot => {
    const x = i * SLOT;
    const bars: ChartBar[] = [];
    const bar = (series: ChartBar['series'], left: number, bottom: number, value: number) => {
      if (value > 0) {
        const height = Math.max(1, scale(value));
        bars.push({ series, x: round(left), y: round(HEIGHT - bottom - height), width: BAR, height: round(height) });
      }
    };
    bar('webhooks', x + 1, 0, m.webhooks);
    bar('succeeded', x + 1 + BAR, 0, m.succeeded);
    bar('failed', x + 1 + BAR, m.succeeded > 0 ? Math.max(1, scale(m.succeeded)) : 0, m.failed);
    const time = formatTime(m.minute).slice(11, 16);
    return {
      x: round(x),
      width: round(SLOT),
      bars,
      title: `${time} UTC: ${count(m.webhooks, 'webhook')}, ${count(m.succeeded, 'job')} succeeded, ${m.failed} dead`,
    };
  });
  const totals = minutes.reduce(
    (t, m) => ({
      webhooks: t.webhooks + m.webhooks,
      succeeded: t.succeeded + m.succeeded,
      failed: t.failed + m.failed,
    }),
    { webhooks: 0, succeeded: 0, failed: 0 },
  );
  return {
    width: WIDTH,
    height: HEIGHT,
    max,
    slots,
    totals,
    summary: `In the last hour: ${count(totals.webhooks, 'webhook')} received, ${count(totals.succeeded, 'job')} succeeded, ${totals.failed} dead.`,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
