import { isValidInterval, scheduleCron } from './sync-interval';

describe('sync intervals', () => {
  it('takes seconds under a minute, minutes dividing an hour, hours dividing a day', () => {
    for (const ok of [5, 30, 59, 60, 300, 900, 1800, 3600, 7200, 21600, 86400]) expect(isValidInterval(ok)).toBe(true);
    for (const bad of [0, 4, 4.5, 61, 420, 2400, 5400, 18000, 172800]) expect(isValidInterval(bad)).toBe(false);
  });

  it('turns them into pg-boss crons', () => {
    expect(scheduleCron('a', 5)).toBe('* * * * *');
    expect(scheduleCron('a', 60)).toBe('* * * * *');
    expect(scheduleCron('a', 900)).toBe('*/15 * * * *');
    expect(scheduleCron('a', 3600)).toMatch(/^\d{1,2} \* \* \* \*$/);
    expect(scheduleCron('a', 21600)).toMatch(/^\d{1,2} \*\/6 \* \* \*$/);
    expect(scheduleCron('a', 86400)).toMatch(/^\d{1,2} 0 \* \* \*$/);
    expect(scheduleCron('a', 3600)).toBe(scheduleCron('a', 3600));
  });
});
