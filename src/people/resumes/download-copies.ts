import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RetentionTasks } from '../../platform/retention/retention-tasks';
import { ObjectStorage } from '../../storage/object-storage';

const BATCH = 100;
/** A copy outlives its last link by this much: a download that started just before the expiry can finish. */
const GRACE_MS = 10 * 60 * 1000;

/**
 * The `download_copies` table: objects copied into storage only for download links (CRM attachments),
 * each with the time its last link expires. The hourly prune (`download_copies`) removes those no
 * link needs any more, so a copy lives no longer than its links (plus a grace period).
 */
@Injectable()
export class DownloadCopies implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: ObjectStorage,
    private readonly tasks: RetentionTasks,
  ) {}

  onModuleInit(): void {
    this.tasks.register('download_copies', (signal) => this.prune(signal));
  }

  /** A link to `key` is valid until `until`: the copy is kept at least that long. */
  async neededUntil(key: string, until: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO download_copies (object_key, needed_until) VALUES ($1, $2)
       ON CONFLICT (object_key) DO UPDATE SET needed_until = GREATEST(download_copies.needed_until, EXCLUDED.needed_until)`,
      [key, new Date(until.getTime() + GRACE_MS)],
    );
  }

  /** Removes the copies no link needs; the row goes only once the object is gone (a failure retries next hour). */
  async prune(signal?: AbortSignal): Promise<number> {
    let removed = 0;
    for (;;) {
      const rows = await this.dataSource.query<{ object_key: string }[]>(
        'SELECT object_key FROM download_copies WHERE needed_until < now() ORDER BY needed_until LIMIT $1',
        [BATCH],
      );
      for (const { object_key: key } of rows) {
        await this.storage.remove(key);
        // Unless a new link wanted it meanwhile (that link's request writes the copy again).
        await this.dataSource.query('DELETE FROM download_copies WHERE object_key = $1 AND needed_until < now()', [
          key,
        ]);
        removed++;
      }
      if (rows.length < BATCH || signal?.aborted) return removed;
    }
  }
}
