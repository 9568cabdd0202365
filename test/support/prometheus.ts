import parsePrometheusTextFormat, { MetricFamily, Sample } from 'parse-prometheus-text-format';

/**
 * A parsed scrape, with lookups by series name and labels. parse-prometheus-text-format folds a
 * histogram's labelled series into one sample (it keeps `_count` only without labels), so the text
 * is parsed a second time with histograms declared untyped: their `_bucket`, `_sum` and `_count`
 * series then come out one sample per label set.
 */
export class Scrape {
  private readonly series: MetricFamily[];

  constructor(
    readonly families: MetricFamily[],
    text = '',
  ) {
    this.series = parsePrometheusTextFormat(text.replace(/^# TYPE (\S+) histogram$/gm, '# TYPE $1 untyped'));
  }

  static async of(url: string, headers: Record<string, string> = {}): Promise<Scrape> {
    const res = await fetch(url, { headers });
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
    if (!/^text\/plain; version=0\.0\.4/.test(res.headers.get('content-type') ?? '')) {
      throw new Error(`GET ${url}: content type ${res.headers.get('content-type')}`);
    }
    const text = await res.text();
    return new Scrape(parsePrometheusTextFormat(text), text);
  }

  family(name: string): MetricFamily | undefined {
    return this.families.find((f) => f.name === name);
  }

  /** Samples of `name` whose labels include `labels`. */
  samples(name: string, labels: Record<string, string> = {}): Sample[] {
    return (this.family(name)?.metrics ?? []).filter((s) =>
      Object.entries(labels).every(([k, v]) => s.labels?.[k] === v),
    );
  }

  /** The sum of a counter's or gauge's matching samples (0 when none). */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.samples(name, labels).reduce((sum, s) => sum + Number(s.value ?? 0), 0);
  }

  /** How many observations a histogram's matching label sets hold. */
  count(name: string, labels: Record<string, string> = {}): number {
    // Untyped, each run of consecutive lines of one name is a family of its own: take them all.
    return this.series
      .filter((f) => f.name === `${name}_count`)
      .flatMap((f) => f.metrics)
      .filter((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v))
      .reduce((sum, s) => sum + Number(s.value ?? 0), 0);
  }

  /** Every distinct value a label takes in a family. */
  labelValues(name: string, label: string): string[] {
    return [
      ...new Set(
        this.samples(name)
          .map((s) => s.labels?.[label])
          .filter((v): v is string => v !== undefined),
      ),
    ];
  }
}
