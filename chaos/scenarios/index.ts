import type { Scenario } from '../support/scenario';
import { apiKill } from './api-kill';
import { postgresStop } from './postgres-stop';
import { workerKillBatch } from './worker-kill-batch';
import { workerKillPost } from './worker-kill-post';

/** Every scenario, in the order `npm run chaos` runs them. */
export const SCENARIOS: Scenario[] = [apiKill, workerKillBatch, workerKillPost, postgresStop];
