import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { type NextFunction, type Request, type Response, urlencoded } from 'express';
import helmet from 'helmet';
import type { AppConfig } from '../config/app-config';

/**
 * Express-level security for every response of every role: helmet's headers, cookies parsed for
 * the session, forwarded headers trusted only as TRUST_PROXY says, the sign-out form's body, and
 * OIDC_CALLBACK_PATH served as /auth/callback.
 */
export function applyHttpSecurity(app: NestExpressApplication, config: AppConfig): void {
  app.set('trust proxy', config.http.trustProxy);
  // Plain-http local runs (cookies not Secure) must not tell browsers to switch to https.
  const https = config.auth.cookie.secure;
  app.use(
    helmet({
      strictTransportSecurity: https,
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: https ? [] : null } },
    }),
  );
  app.use(cookieParser());
  app.use('/auth/logout', urlencoded({ extended: false, limit: '4kb' }));
  const callbackPath = config.auth.oidc?.callbackPath;
  if (callbackPath && callbackPath !== '/auth/callback') {
    app.use((req: Request, _res: Response, next: NextFunction) => {
      if (req.method === 'GET' && req.path === callbackPath)
        req.url = `/auth/callback${req.url.slice(req.path.length)}`;
      next();
    });
  }
}
