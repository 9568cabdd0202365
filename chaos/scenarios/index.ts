import type { Scenario } from '../support/scenario';
import { apiKill } from './api-kill';
import { botKill } from './bot-kill';
import { discordStorm } from './discord-storm';
import { fuzz } from './fuzz';
import { poolExhaustion } from './pool-exhaustion';
import { postgresStop } from './postgres-stop';
import { postgresTerminate } from './postgres-terminate';
import { workerKillBatch } from './worker-kill-batch';
import { workerKillPost } from './worker-kill-post';

/** Every scenario, in the order `npm run chaos` runs them. */
export const SCENARIOS: Scenario[] = [
  apiKill,
  workerKillBatch,
  workerKillPost,
  botKill,
  postgresStop,
  postgresTerminate,
  poolExhaustion,
  discordStorm,
  fuzz,
];
