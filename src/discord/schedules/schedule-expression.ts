import { BadRequestException } from '@nestjs/common';
import { CronExpressionParser } from 'cron-parser';

/** The shorthands cron-parser understands, for people who would rather not count fields. */
const MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly'];

export interface ScheduleExpression {
  cron: string;
  /** The IANA name as the runtime spells it (`europe/berlin` → `Europe/Berlin`). */
  timezone: string;
}

/**
 * Checks a five-field cron expression (or a shorthand such as @weekly) and an IANA time zone the
 * way the pg-boss cron pass will read them, with a message a person can act on. Seconds are
 * refused: pg-boss sends at most one job per schedule per minute.
 */
export function parseScheduleExpression(cron: string, timezone = 'UTC'): ScheduleExpression {
  const spaced = cron.trim().replace(/\s+/g, ' ');
  const expression = spaced.startsWith('@') ? spaced.toLowerCase() : spaced;
  const zone = canonicalTimeZone(timezone.trim());
  if (expression.startsWith('@')) {
    if (!MACROS.includes(expression)) {
      throw new BadRequestException(`Unknown cron shorthand "${spaced}"; use one of ${MACROS.join(', ')}`);
    }
  } else if (expression.split(' ').length !== 5) {
    throw new BadRequestException(
      `"${expression}" is not a five-field cron expression: write minute hour day-of-month month day-of-week, e.g. "0 9 * * 1" for Mondays at 09:00`,
    );
  }
  try {
    CronExpressionParser.parse(expression, { tz: zone, strict: false, currentDate: new Date() });
  } catch (error) {
    throw new BadRequestException(`Invalid cron expression "${expression}": ${(error as Error).message}`);
  }
  return { cron: expression, timezone: zone };
}

/** The next `count` times the expression fires, from `from`. */
export function nextOccurrences(expression: ScheduleExpression, count: number, from = new Date()): Date[] {
  const interval = CronExpressionParser.parse(expression.cron, {
    tz: expression.timezone,
    strict: false,
    currentDate: from,
  });
  return Array.from({ length: count }, () => interval.next().toDate());
}

function canonicalTimeZone(name: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    throw new BadRequestException(
      `Unknown time zone "${name}": use an IANA name such as Europe/Berlin, America/New_York or UTC`,
    );
  }
}
