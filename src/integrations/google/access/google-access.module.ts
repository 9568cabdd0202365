import { Module } from '@nestjs/common';
import { GoogleAccessTokens } from './google-access-tokens';
import { ServiceAccountTokens } from './service-account-tokens';

/** Bearer tokens for Google APIs from a source's credential (service accounts; cached per process). */
@Module({
  providers: [ServiceAccountTokens, GoogleAccessTokens],
  exports: [GoogleAccessTokens],
})
export class GoogleAccessModule {}
