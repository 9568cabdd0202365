import { bytes, duration } from './human-units';

describe('human units', () => {
  it('says sizes in binary units', () => {
    expect(bytes(512)).toBe('512 B');
    expect(bytes(1536)).toBe('1.5 KiB');
    expect(bytes(3 * 1024 ** 3)).toBe('3.0 GiB');
  });

  it('says durations in their two largest units', () => {
    expect(duration(0)).toBe('0 s');
    expect(duration(125)).toBe('2 min 5 s');
    expect(duration(93784)).toBe('1 d 2 h');
    expect(duration(3600)).toBe('1 h');
  });
});
