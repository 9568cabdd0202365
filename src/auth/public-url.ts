import type { Request } from 'express';
import type { AppConfig } from '../platform/config/app-config';

/**
 * Where people reach Switchyard, for links it hands out: PUBLIC_BASE_URL, else
 * OIDC_REDIRECT_BASE_URL, else the address the request came to, else localhost and the api port.
 */
export function publicBaseUrl(config: AppConfig, req?: Request, port = config.http.port): string {
  return (
    config.auth.publicBaseUrl ??
    config.auth.oidc?.redirectBaseUrl ??
    (req ? `${req.protocol}://${req.get('host')}` : `http://localhost:${port}`)
  );
}
