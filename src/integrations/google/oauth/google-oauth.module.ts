import { Module } from '@nestjs/common';
import { SecretBox } from '../../../platform/security/secret-box';
import { secretBoxProvider } from '../../../webhooks/sources/secret-box.provider';
import { GoogleAccounts } from './google-accounts';
import { GoogleOAuthAccounts } from './google-oauth-accounts';
import { GoogleOAuthClient } from './google-oauth-client';

/**
 * Every role (a worker resolving a sync source's `oauth_account` credential imports this):
 * connected Google accounts and their access tokens.
 */
@Module({
  providers: [secretBoxProvider, GoogleOAuthClient, GoogleAccounts, GoogleOAuthAccounts],
  exports: [SecretBox, GoogleOAuthClient, GoogleAccounts, GoogleOAuthAccounts],
})
export class GoogleOAuthModule {}
