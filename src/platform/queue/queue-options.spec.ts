import { ConfigError, loadConfig } from '../config/app-config';
import { defineQueue } from './queue-definition';
import { workOptions } from './queue-options';

describe('workOptions', () => {
  const jobs = loadConfig({ WORKER_CONCURRENCY: '8', WORKER_CHEAP_BATCH_SIZE: '100' }).jobs;

  it('works a queue in two loops sharing WORKER_CONCURRENCY: few jobs in flight for handlers that wait', () => {
    expect(workOptions(defineQueue('plain'), jobs)).toMatchObject({
      localConcurrency: 2,
      batchSize: 4,
      burstWhenBatchFull: true,
    });
  });

  it('works a cheap queue in four loops of WORKER_CHEAP_BATCH_SIZE jobs per fetch', () => {
    expect(workOptions(defineQueue('cheap', { cheap: true }), jobs)).toMatchObject({
      localConcurrency: 4,
      batchSize: 100,
      burstWhenBatchFull: true,
    });
  });

  it("lets a queue's own batchSize and concurrency win", () => {
    expect(workOptions(defineQueue('own', { cheap: true, batchSize: 10, concurrency: 1 }), jobs)).toMatchObject({
      localConcurrency: 1,
      batchSize: 10,
    });
    expect(workOptions(defineQueue('single', { batchSize: 1, concurrency: 1 }), jobs)).toMatchObject({
      batchSize: 1,
      burstWhenBatchFull: false,
    });
  });

  it('takes WORKER_CHEAP_BATCH_SIZE from 1 to 1000, 100 when unset', () => {
    expect(loadConfig({}).jobs.cheapBatchSize).toBe(100);
    expect(() => loadConfig({ WORKER_CHEAP_BATCH_SIZE: '5000' })).toThrow(ConfigError);
    expect(() => loadConfig({ WORKER_CHEAP_BATCH_SIZE: '5000' })).toThrow(
      /WORKER_CHEAP_BATCH_SIZE must be a whole number from 1 to 1000/,
    );
  });
});
