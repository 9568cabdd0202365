import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';

/**
 * Gives `first` every request before the server's own listeners (Express, for a Nest app); a
 * request it answers (returns true for) never reaches them.
 */
export function serveAhead(server: Server, first: (req: IncomingMessage, res: ServerResponse) => boolean): void {
  const rest = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (first(req, res)) return;
    for (const listener of rest) listener(req, res);
  });
}
