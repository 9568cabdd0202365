import { StreamSlots } from './stream-slots';

describe('StreamSlots', () => {
  it('refuses a session beyond its share and everyone beyond the total, and frees slots once', () => {
    const slots = new StreamSlots({ perSession: 2, total: 3 });
    const a1 = slots.take('a');
    const a2 = slots.take('a');
    expect(slots.take('a')).toEqual({
      refused: 'Too many live streams: this session already has 2 open (at most 2); close a dashboard tab',
    });
    const b1 = slots.take('b');
    expect(slots.take('c')).toEqual({
      refused: 'Too many live streams: the server has 3 open, its limit; try again shortly',
    });
    expect(slots.open).toBe(3);

    if (!('release' in a1) || !('release' in a2) || !('release' in b1)) throw new Error('slots expected');
    a1.release();
    a1.release();
    expect(slots.open).toBe(2);
    expect('release' in slots.take('c')).toBe(true);
    expect('refused' in slots.take('a')).toBe(true);
  });
});
