import type { REST } from '@discordjs/rest';
import type { Metrics } from './metrics';

/**
 * Counts every answer Discord gives a REST client (429s included, which the library waits out
 * itself) by method, Discord's route pattern (`/channels/:id/messages`: ids stay out) and status.
 */
export function countDiscordResponses(rest: REST, metrics: Metrics): void {
  rest.on('response', (request, response) => {
    metrics.discordRequests.inc({
      method: request.method.toUpperCase(),
      route: request.route.replaceAll(/\d{5,}/g, ':id'),
      status: String(response.status),
    });
  });
}
