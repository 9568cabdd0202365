import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CHANGE_CHANNEL, CHANGE_KINDS, isChangeKind } from '../../platform/database/change-notifications';
import { DatabaseUrl } from '../../platform/database/database-url.token';
import { PgListener } from '../../platform/database/pg-listener';
import { LiveUpdates } from './live-updates';

/**
 * The api process's LISTEN for the change triggers' notifications, handed to LiveUpdates. After a
 * lost connection (PgListener reconnects) every kind is reported as changed, since notifications
 * sent meanwhile are lost.
 */
@Injectable()
export class ChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly listener: PgListener;

  constructor(databaseUrl: DatabaseUrl, updates: LiveUpdates) {
    this.listener = new PgListener(
      databaseUrl.value,
      CHANGE_CHANNEL,
      {
        onNotify: (payload) => {
          if (isChangeKind(payload)) updates.changed(payload);
        },
        onReconnect: () => {
          for (const kind of CHANGE_KINDS) updates.changed(kind);
        },
      },
      'switchyard-live',
    );
  }

  /** Connected and listening: for readiness checks and tests. */
  get listening(): boolean {
    return this.listener.listening;
  }

  onApplicationBootstrap(): Promise<void> {
    return this.listener.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.listener.close();
  }
}
