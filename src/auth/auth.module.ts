import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../platform/config/app-config';
import { BootstrapController } from './bootstrap/bootstrap.controller';
import { BootstrapLogin } from './bootstrap/bootstrap-login';
import { DiscordLinksController } from './discord-links/discord-links.controller';
import { DiscordLinksModule } from './discord-links/discord-links.module';
import { LoginStates } from './oidc/login-states';
import { OidcController } from './oidc/oidc.controller';
import { OidcLogin } from './oidc/oidc-login';
import { SessionController } from './sessions/session.controller';
import { SignIn } from './sessions/sign-in';
import { ApiTokensController } from './tokens/api-tokens.controller';

/**
 * api role: the ways in (OIDC, Discord deep links, bootstrap links), who-am-I, sign-out and API tokens. The
 * sign-in endpoints share one rate limit per client address (in memory, per process).
 */
@Module({
  imports: [
    DiscordLinksModule,
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // The name `default` keeps the standard Retry-After and X-RateLimit-* header names.
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.auth.rateLimitPerMinute }],
        generateKey: (_context, tracker) => `sign-in:${tracker}`,
        errorMessage: 'Too many sign-in requests from this address: try again in a minute',
      }),
    }),
  ],
  controllers: [OidcController, SessionController, DiscordLinksController, BootstrapController, ApiTokensController],
  providers: [OidcLogin, LoginStates, SignIn, BootstrapLogin],
  exports: [SignIn],
})
export class AuthModule {}
