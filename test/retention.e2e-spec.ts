import { JobQueue } from '../src/platform/queue/job-queue';
import { AppConfig } from '../src/platform/config/app-config';
import { pruneEventsQueue } from '../src/webhooks/retention/prune-events.queue';
import { useTestApp, waitFor } from './support/switchyard';

/**
 * The hourly prune (`webhook.prune`) also deletes audit events, finished bulk replays and resolved
 * alerts past their retention settings, keeps everything younger or still open, and runs what
 * other features register (stored files, sync tombstones: test/retention-sync-and-files.e2e-spec.ts).
 */
describe('retention', () => {
  const ctx = useTestApp({ env: { AUDIT_RETENTION_DAYS: '30', STORED_FILE_RETENTION_DAYS: '7' } });

  it('prunes old audit events, finished bulk replays and resolved alerts on the prune schedule', async () => {
    const db = ctx.db;
    await db.query(
      `INSERT INTO audit_events (at, source, actor_id, action) VALUES
         (now() - interval '31 days', 'system', 'test', 'old.event'),
         (now() - interval '29 days', 'system', 'test', 'recent.event')`,
    );
    await db.query(
      `INSERT INTO bulk_replays (filter, total, state, created_at, finished_at) VALUES
         ('{}', 1, 'completed', now() - interval '100 days', now() - interval '100 days'),
         ('{}', 1, 'running', now() - interval '100 days', NULL),
         ('{}', 1, 'completed', now() - interval '10 days', now() - interval '10 days')`,
    );
    await db.query(
      `INSERT INTO operator_alerts (kind, subject, message, raised_at, resolved_at, resolved_by) VALUES
         ('test.kind', 'a', 'old, resolved', now() - interval '120 days', now() - interval '100 days', 'test'),
         ('test.kind', 'b', 'old, still open', now() - interval '120 days', NULL, NULL),
         ('test.kind', 'c', 'resolved lately', now() - interval '120 days', now() - interval '1 day', 'test')`,
    );
    await db.query(
      `INSERT INTO ops_alert_sends (key, kind, subject, firing, updated_at) VALUES
         ('heartbeat:bot', 'heartbeat', 'bot', false, now() - interval '100 days'),
         ('disk:host', 'disk', 'host', true, now() - interval '100 days'),
         ('jobs.dead:discord.post', 'jobs.dead', 'discord.post', false, now() - interval '100 days')`,
    );

    // Resume previews posted in Discord: gone after 30 days (the audit events keep the history).
    const [extraction] = await db.query<{ id: string }>(
      `INSERT INTO resume_extractions (file_sha256, extractor_version, object_key, file_name, file_type, file_size)
       VALUES (repeat('a', 64), '1', '', 'cv.pdf', 'pdf', 1) RETURNING id`,
    );
    await db.query(
      `INSERT INTO discord_resume_previews (extraction_id, contact_id, asker_id, fields, overwrite, expires_at, created_at)
       VALUES ($1, 'c1', 'old', '{phone}', false, now(), now() - interval '31 days'),
              ($1, 'c1', 'recent', '{phone}', false, now(), now() - interval '29 days')`,
      [extraction!.id],
    );

    const { id } = await ctx.app.app.get(JobQueue).send(pruneEventsQueue, {});
    const job = await waitFor(async () => {
      const body = (await (await ctx.app.api(`/jobs/${id}`)).json()) as {
        state: string;
        result: { others: Record<string, number> };
      };
      return body.state === 'succeeded' && body;
    }, 'the prune job');

    expect(job.result.others).toEqual({
      audit_events: 1,
      bulk_replays: 1,
      operator_alerts: 1,
      ops_alert_sends: 1,
      stored_files: 0,
      sync_tombstones: 0,
      discord_resume_previews: 1,
      download_copies: 0,
    });
    expect((await db.query(`SELECT asker_id FROM discord_resume_previews`)).map((r: any) => r.asker_id)).toEqual([
      'recent',
    ]);
    expect(
      (await db.query(`SELECT action FROM audit_events WHERE source = 'system' ORDER BY action`)).map(
        (r: any) => r.action,
      ),
    ).toEqual(['recent.event']);
    expect((await db.query(`SELECT state FROM bulk_replays ORDER BY created_at`)).map((r: any) => r.state)).toEqual([
      'running',
      'completed',
    ]);
    expect((await db.query(`SELECT subject FROM operator_alerts ORDER BY subject`)).map((r: any) => r.subject)).toEqual(
      ['b', 'c'],
    );
    expect((await db.query(`SELECT key FROM ops_alert_sends ORDER BY key`)).map((r: any) => r.key)).toEqual([
      'disk:host',
      'jobs.dead:discord.post',
    ]);
  });

  it('reads the retention settings from the environment', () => {
    expect(ctx.app.app.get(AppConfig).retention).toEqual({
      auditDays: 30,
      bulkReplayDays: 90,
      resolvedAlertDays: 90,
      storedFileDays: 7,
      syncTombstoneDays: 90,
    });
  });
});
