import type { Scenario } from '../support/scenario';
import { apiKill } from './api-kill';

/** Every scenario, in the order `npm run chaos` runs them. */
export const SCENARIOS: Scenario[] = [apiKill];
