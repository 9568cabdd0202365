import { Module } from '@nestjs/common';
import { GoogleAccountRevocation } from './google-account-revocation';
import { GoogleAccountsController } from './google-accounts.controller';
import { GoogleOAuthConnect } from './google-oauth-connect';
import { GoogleOAuthModule } from './google-oauth.module';
import { GoogleOAuthStates } from './google-oauth-states';

/** api role: connecting (the dashboard's pages use it), revoking, and the accounts API. */
@Module({
  imports: [GoogleOAuthModule],
  controllers: [GoogleAccountsController],
  providers: [GoogleOAuthStates, GoogleOAuthConnect, GoogleAccountRevocation],
  exports: [GoogleOAuthModule, GoogleOAuthConnect, GoogleAccountRevocation],
})
export class GoogleOAuthHttpModule {}
