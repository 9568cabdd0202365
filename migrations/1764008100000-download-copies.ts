import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files copied into object storage only so a download link can serve them (a CRM attachment behind a
 * resume link): kept until the last link made for them has expired, then removed by the hourly prune.
 */
export class DownloadCopies1764008100000 implements MigrationInterface {
  name = 'DownloadCopies1764008100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE download_copies (
        object_key varchar(512) PRIMARY KEY,
        copied_at timestamptz NOT NULL DEFAULT now(),
        needed_until timestamptz NOT NULL
      )`);
    await db.query('CREATE INDEX download_copies_needed_until ON download_copies (needed_until)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE download_copies');
  }
}
