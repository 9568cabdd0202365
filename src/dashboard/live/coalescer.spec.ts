import { Coalescer } from './coalescer';

describe('Coalescer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('emits the first change at once and folds a burst into one more emit at the end of the interval', () => {
    const emitted: string[] = [];
    const coalescer = new Coalescer<string>(500, (key) => emitted.push(key));
    coalescer.add('job');
    expect(emitted).toEqual(['job']);
    for (let i = 0; i < 50; i++) coalescer.add('job');
    coalescer.add('webhook');
    expect(emitted).toEqual(['job', 'webhook']);
    jest.advanceTimersByTime(499);
    expect(emitted).toEqual(['job', 'webhook']);
    jest.advanceTimersByTime(1);
    expect(emitted).toEqual(['job', 'webhook', 'job']);
    // The trailing emit opened another interval: a change right after it waits for its end.
    coalescer.add('job');
    jest.advanceTimersByTime(499);
    expect(emitted).toEqual(['job', 'webhook', 'job']);
    jest.advanceTimersByTime(1);
    expect(emitted).toEqual(['job', 'webhook', 'job', 'job']);
  });

  it('emits at once again after a quiet interval, and nothing after stop', () => {
    const emitted: string[] = [];
    const coalescer = new Coalescer<string>(500, (key) => emitted.push(key));
    coalescer.add('audit');
    jest.advanceTimersByTime(500);
    coalescer.add('audit');
    expect(emitted).toEqual(['audit', 'audit']);
    coalescer.add('audit');
    coalescer.stop();
    jest.advanceTimersByTime(5_000);
    expect(emitted).toEqual(['audit', 'audit']);
  });
});
