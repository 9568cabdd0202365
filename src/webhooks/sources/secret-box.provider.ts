import type { Provider } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { SecretBox } from '../../platform/security/secret-box';
import { resolveSecretsKey } from '../../platform/security/secrets-key';

export const secretBoxProvider: Provider = {
  provide: SecretBox,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => new SecretBox(resolveSecretsKey(config).keys),
};
