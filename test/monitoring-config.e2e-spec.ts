import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Scrape } from './support/prometheus';
import { TEST_API_SECRET, useTestApp } from './support/switchyard';

const DEPLOY = join(__dirname, '..', 'deploy');

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: string };
  annotations: { summary: string; description: string };
}

interface Panel {
  title: string;
  targets: { expr: string }[];
}

/** Series names an expression reads; a histogram's `_bucket`, `_count`, `_sum` name the histogram. */
function seriesIn(expr: string): string[] {
  return [...expr.matchAll(/\b((?:switchyard|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1]!);
}

/** Label names an expression selects or groups on, per series. */
function labelsIn(expr: string): { series: string; label: string }[] {
  const found: { series: string; label: string }[] = [];
  for (const m of expr.matchAll(/\b([a-z_][a-z0-9_]*)\{([^}]*)\}/g)) {
    for (const l of m[2]!.matchAll(/([a-z_]+)\s*(?:=~|!=|=)/g)) found.push({ series: m[1]!, label: l[1]! });
  }
  return found;
}

/**
 * The Grafana dashboard and the Prometheus alert rules under deploy/ read only series Switchyard
 * exposes, with labels those series have: checked against a real scrape of a running api.
 */
describe('deploy/grafana and deploy/prometheus', () => {
  const context = useTestApp();
  const rules = (
    parse(readFileSync(join(DEPLOY, 'prometheus', 'alerts.yml'), 'utf8')) as {
      groups: { name: string; rules: Rule[] }[];
    }
  ).groups.flatMap((g) => g.rules);
  const dashboard = JSON.parse(readFileSync(join(DEPLOY, 'grafana', 'switchyard.json'), 'utf8')) as {
    uid: string;
    panels: Panel[];
  };
  let scrape: Scrape;

  beforeAll(async () => {
    scrape = await Scrape.of(`${context.app.url}/metrics`, { authorization: `Bearer ${TEST_API_SECRET}` });
  });

  const known = (name: string): boolean => {
    const base = name.replace(/_(bucket|count|sum)$/, '');
    return scrape.family(name) !== undefined || scrape.family(base)?.type === 'HISTOGRAM';
  };

  it('has an alert rule for each condition Switchyard posts to Discord, each saying what to do', () => {
    expect(rules.map((r) => r.alert).sort()).toEqual(
      [
        'SwitchyardDeadJobs',
        'SwitchyardDiscordChannelParked',
        'SwitchyardDiskNearlyFull',
        'SwitchyardHeartbeatLost',
        'SwitchyardNotReady',
        'SwitchyardQueueBacklog',
        'SwitchyardRejectedSignatures',
        'SwitchyardSyncFailing',
      ].sort(),
    );
    for (const rule of rules) {
      expect(rule.expr).toMatch(/[<>=]/);
      expect(['warning', 'critical']).toContain(rule.labels.severity);
      expect(rule.annotations.summary.length).toBeGreaterThan(5);
      expect(rule.annotations.description.length).toBeGreaterThan(20);
    }
  });

  it('alert rules read only series and labels the scrape has', () => {
    const exprs = rules.map((r) => r.expr);
    checkExpressions(exprs);
  });

  it('the dashboard reads only series and labels the scrape has', () => {
    expect(dashboard.uid).toBe('switchyard');
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    expect(exprs.length).toBeGreaterThanOrEqual(20);
    checkExpressions(exprs);
    const read = new Set(exprs.flatMap(seriesIn).map((n) => n.replace(/_(bucket|count|sum)$/, '')));
    // Every Switchyard series is on the dashboard somewhere.
    const ours = scrape.families.map((f) => f.name).filter((n) => n.startsWith('switchyard_'));
    expect(ours.filter((n) => !read.has(n))).toEqual([]);
  });

  function checkExpressions(exprs: string[]): void {
    const missing = exprs.flatMap(seriesIn).filter((name) => !known(name));
    expect(missing).toEqual([]);
    for (const { series, label } of exprs.flatMap(labelsIn)) {
      if (label === 'le') continue;
      const family = scrape.family(series) ?? scrape.family(series.replace(/_(bucket|count|sum)$/, ''));
      const labelNames = new Set((family?.metrics ?? []).flatMap((m) => Object.keys(m.labels ?? {})));
      // A labelled series with no samples yet shows no labels: only check those that have some.
      if (labelNames.size > 0)
        expect({ series, label, known: labelNames.has(label) }).toEqual({ series, label, known: true });
    }
  }
});
