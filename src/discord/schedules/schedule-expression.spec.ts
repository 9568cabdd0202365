import { BadRequestException } from '@nestjs/common';
import { nextOccurrences, parseScheduleExpression } from './schedule-expression';

const problem = (cron: string, timezone?: string): string => {
  try {
    parseScheduleExpression(cron, timezone);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as Error).message;
  }
  throw new Error(`"${cron}" was accepted`);
};

describe('parseScheduleExpression', () => {
  it('accepts five fields and shorthands, tidying spaces and spelling the zone canonically', () => {
    expect(parseScheduleExpression('  0  9 * * 1 ', 'europe/berlin')).toEqual({
      cron: '0 9 * * 1',
      timezone: 'Europe/Berlin',
    });
    expect(parseScheduleExpression('@Weekly')).toEqual({ cron: '@weekly', timezone: 'UTC' });
    expect(parseScheduleExpression('*/15 9-17 * * MON-FRI', 'America/New_York').cron).toBe('*/15 9-17 * * MON-FRI');
  });

  it('refuses what it cannot run, saying why', () => {
    expect(problem('every monday')).toBe(
      '"every monday" is not a five-field cron expression: write minute hour day-of-month month day-of-week, e.g. "0 9 * * 1" for Mondays at 09:00',
    );
    expect(problem('0 0 9 * * 1')).toMatch(/is not a five-field cron expression/);
    expect(problem('* *')).toMatch(/is not a five-field cron expression/);
    expect(problem('@fortnightly')).toBe(
      'Unknown cron shorthand "@fortnightly"; use one of @yearly, @annually, @monthly, @weekly, @daily, @hourly',
    );
    expect(problem('61 * * * *')).toBe(
      'Invalid cron expression "61 * * * *": Constraint error, got value 61 expected range 0-59',
    );
    expect(problem('0 0 30 2 *')).toMatch(/^Invalid cron expression "0 0 30 2 \*": /);
    expect(problem('0 9 * * 1', 'Europe/Atlantis')).toBe(
      'Unknown time zone "Europe/Atlantis": use an IANA name such as Europe/Berlin, America/New_York or UTC',
    );
  });
});

describe('nextOccurrences', () => {
  it('counts in the schedule’s time zone, across a daylight saving change', () => {
    // Berlin moves to summer time on 2025-03-30: 09:00 local is 08:00 UTC before and 07:00 UTC after.
    const next = nextOccurrences({ cron: '0 9 * * 1', timezone: 'Europe/Berlin' }, 3, new Date('2025-03-20T00:00:00Z'));
    expect(next.map((d) => d.toISOString())).toEqual([
      '2025-03-24T08:00:00.000Z',
      '2025-03-31T07:00:00.000Z',
      '2025-04-07T07:00:00.000Z',
    ]);
  });
});
