import { TestApp, waitFor } from './switchyard';

/**
 * Presses "sync now" until a run is on its way. Pressed while the last run's job is still finishing
 * (its run row has ended already), the answer is "a run of this source is running" and no new run
 * comes; a run already queued is made due now, which is as good.
 */
export const pressSyncNow = (app: TestApp, slug: string): Promise<true> =>
  waitFor(async () => {
    const res = await app.api(`/sync/sources/${slug}/run`, { method: 'POST' });
    if (res.status !== 202) throw new Error(`sync now of ${slug}: ${res.status} ${await res.text()}`);
    const answer = (await res.json()) as { queued: boolean; state?: string };
    return answer.queued || answer.state === 'queued' || undefined;
  }, `a run of ${slug} on its way`);
