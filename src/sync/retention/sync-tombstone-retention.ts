import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { RetentionTasks } from '../../platform/retention/retention-tasks';
import { SyncState } from '../engine/sync-state';

/** Registers the hourly prune of sync tombstones older than SYNC_TOMBSTONE_RETENTION_DAYS. */
@Injectable()
export class SyncTombstoneRetention implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly state: SyncState,
    private readonly tasks: RetentionTasks,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.tasks.register('sync_tombstones', (signal) => {
      const days = this.config.retention.syncTombstoneDays;
      return this.state.pruneTombstones(this.dataSource, new Date(Date.now() - days * 24 * 3600 * 1000), signal);
    });
  }
}
