import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { RetentionTasks } from '../../platform/retention/retention-tasks';
import { ObjectStorage } from '../../storage/object-storage';
import { ResumeLedger } from '../ledger/resume-ledger';

const BATCH = 100;

/**
 * Registers the hourly removal of resume files whose ledger rows are all older than
 * STORED_FILE_RETENTION_DAYS (0 keeps files forever). The rows stay, with their preview, marked
 * as having lost their file. The object goes first: a failed removal leaves the row pointing at a
 * file that still exists, and the next prune tries again.
 */
@Injectable()
export class StoredFileRetention implements OnModuleInit {
  constructor(
    private readonly ledger: ResumeLedger,
    private readonly storage: ObjectStorage,
    private readonly tasks: RetentionTasks,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.tasks.register('stored_files', (signal) => this.prune(signal));
  }

  async prune(signal?: AbortSignal): Promise<number> {
    const days = this.config.retention.storedFileDays;
    if (days === 0) return 0;
    const before = new Date(Date.now() - days * 24 * 3600 * 1000);
    let removed = 0;
    for (;;) {
      const keys = await this.ledger.expiredObjectKeys(before, BATCH);
      for (const key of keys) {
        await this.storage.remove(key);
        await this.ledger.fileRemoved(key);
        removed++;
      }
      if (keys.length < BATCH || signal?.aborted) return removed;
    }
  }
}
