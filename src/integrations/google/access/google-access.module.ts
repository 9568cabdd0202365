import { Module } from '@nestjs/common';
import { GoogleOAuthModule } from '../oauth/google-oauth.module';
import { GoogleAccessTokens } from './google-access-tokens';
import { OAuthAccountTokens } from './oauth-account-tokens';
import { ServiceAccountTokens } from './service-account-tokens';

/** Bearer tokens for Google APIs from a source's credential (service accounts, connected accounts; cached per process). */
@Module({
  imports: [GoogleOAuthModule],
  providers: [ServiceAccountTokens, OAuthAccountTokens, GoogleAccessTokens],
  exports: [GoogleAccessTokens],
})
export class GoogleAccessModule {}
