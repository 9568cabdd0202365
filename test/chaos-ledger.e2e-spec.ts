import { balancePosts } from '../chaos/support/ledger';
import type { PostJob, StoredEvent } from '../chaos/support/job-records';
import { CHANNELS } from '../chaos/support/rules';

/** The fault suite's post ledger (chaos/): what it calls duplicated, reordered, dead, parked or lost. */
describe('the chaos ledger balances posts', () => {
  const event = (n: number, repository: string, routingStatus = 'routed'): StoredEvent => ({
    id: `00000000-0000-4000-8000-00000000000${n}`,
    deliveryId: `d${n}`,
    routingStatus,
    repository,
  });
  const job = (order: number, e: StoredEvent, channelId: string, state: PostJob['state'] = 'succeeded'): PostJob => ({
    id: `job-${order}`,
    state,
    channelId,
    eventId: e.id,
    order,
    error: state === 'dead' ? 'Discord 404 for channel: Unknown Channel' : undefined,
  });
  const post = (e: StoredEvent, channelId: string) => ({ channelId, content: `chaos ${e.id}` });

  it('counts each expected post once, and a second message for it as a duplicate', () => {
    const [a, b, c] = [event(1, 'acme/r0'), event(2, 'acme/r2'), event(3, 'acme/r4')];
    const jobs = [job(0, a, CHANNELS.r0), job(1, a, CHANNELS.mirror), job(2, b, CHANNELS.r2)];
    const messages = [post(a, CHANNELS.r0), post(a, CHANNELS.mirror), post(b, CHANNELS.r2), post(b, CHANNELS.r2)];
    const { posts } = balancePosts([a, b, c], jobs, messages, new Set());
    expect(posts).toMatchObject({ expected: 3, made: 3, duplicates: 1, outOfOrder: 0, unexpected: 0, missing: 0 });
  });

  it('counts every post a coalesced message carries, one per line, in its order', () => {
    const [a, b, c] = [event(1, 'acme/r2'), event(2, 'acme/r2'), event(3, 'acme/r2')];
    const jobs = [job(0, a, CHANNELS.r2), job(1, b, CHANNELS.r2), job(2, c, CHANNELS.r2)];
    const merged = { channelId: CHANNELS.r2, content: `chaos ${b.id}\nchaos ${c.id}` };
    const { posts } = balancePosts([a, b, c], jobs, [post(a, CHANNELS.r2), merged], new Set());
    expect(posts).toMatchObject({ expected: 3, made: 3, duplicates: 0, outOfOrder: 0, unexpected: 0, missing: 0 });
    const reversed = { channelId: CHANNELS.r2, content: `chaos ${c.id}\nchaos ${b.id}` };
    expect(balancePosts([a, b, c], jobs, [post(a, CHANNELS.r2), reversed], new Set()).posts.outOfOrder).toBe(1);
  });

  it('counts a post carried by a dead carrier (a coalesced backlog) as dead, not lost', () => {
    const [a, b] = [event(1, 'acme/r3'), event(2, 'acme/r3')];
    const jobs = [job(0, a, CHANNELS.r3, 'dead'), { ...job(1, b, CHANNELS.r3), carrier: 'job-0' }];
    const { posts } = balancePosts([a, b], jobs, [], new Set());
    expect(posts).toMatchObject({ expected: 2, made: 0, dead: 2, missing: 0 });
  });

  it('calls a post out of order when it comes after a later job of its channel', () => {
    const [a, b] = [event(1, 'acme/r2'), event(2, 'acme/r2')];
    const jobs = [job(0, a, CHANNELS.r2), job(1, b, CHANNELS.r2)];
    const { posts } = balancePosts([a, b], jobs, [post(b, CHANNELS.r2), post(a, CHANNELS.r2)], new Set());
    expect(posts).toMatchObject({ made: 2, outOfOrder: 1 });
  });

  it('tells dead and parked posts from lost ones, and flags posts nothing asked for', () => {
    const [a, b, c, d] = [event(1, 'acme/r3'), event(2, 'acme/r3'), event(3, 'acme/r2'), event(4, 'acme/r2', 'failed')];
    const jobs = [job(0, a, CHANNELS.r3, 'dead'), job(1, b, CHANNELS.r3, 'queued'), job(2, c, CHANNELS.r2, 'queued')];
    const { posts, deadReasons } = balancePosts([a, b, c, d], jobs, [post(c, CHANNELS.r0)], new Set());
    expect(posts).toMatchObject({
      expected: 4,
      made: 0,
      dead: 2,
      parked: 1,
      missing: 1,
      unexpected: 1,
      deadButPosted: 0,
    });
    expect(deadReasons).toEqual({ 'Discord 404 for channel: Unknown Channel': 1, 'routing failed': 1 });
  });
});
