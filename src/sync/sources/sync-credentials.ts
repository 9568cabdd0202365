import { Injectable } from '@nestjs/common';
import { SecretBox } from '../../platform/security/secret-box';
import type { SyncSourceRecord } from './sync-source-record';

/** A source's credential (an auth header's value, an API key), sealed at rest like webhook secrets. */
@Injectable()
export class SyncCredentials {
  constructor(private readonly box: SecretBox) {}

  seal(credential: string): string {
    return this.box.seal(credential);
  }

  open(source: Pick<SyncSourceRecord, 'credentialSealed'>): string | undefined {
    return source.credentialSealed === null ? undefined : this.box.open(source.credentialSealed);
  }
}
