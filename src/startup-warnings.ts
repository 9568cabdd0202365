import { adminRoleWarnings } from './auth/discord-links/admin-roles';
import type { Role } from './cli/command';
import type { AppConfig } from './platform/config/app-config';

/** Settings that work but weaken security, each a warning line at every start of the roles they affect. */
export function startupWarnings(roles: readonly Role[], config: AppConfig): string[] {
  const warnings: string[] = [];
  // The bot decides who is an admin; the api does too, for sign-in links (needs the bot token).
  if (roles.includes('bot') || (roles.includes('api') && config.discord.botToken)) {
    warnings.push(...adminRoleWarnings(config.discord));
  }
  if (roles.includes('api') && config.auth.bootstrapLogin && config.runtimeEnv !== 'local') {
    warnings.push(
      `AUTH_BOOTSTRAP_LOGIN=on (RUNTIME_ENV=${config.runtimeEnv}): one-time admin links work; none is written to the ` +
        'log, print one with `node dist/main.js admin-link`. Turn it off once an identity provider (OIDC_ISSUER_URL) works.',
    );
  }
  return warnings;
}
