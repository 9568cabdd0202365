import { join } from 'node:path';
import { Liquid } from 'liquidjs';
import { redactCredentials } from '../../platform/security/redact-credentials';

/** `src/dashboard/views` (and `dist/dashboard/views`: nest-cli copies it as an asset). */
export const VIEWS_DIR = join(__dirname, '..', 'views');

const pad = (n: number) => String(n).padStart(2, '0');

/** `2025-01-31 14:05:09 UTC`: one unambiguous format on every page. */
export function formatTime(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) return '';
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} UTC`;
}

/**
 * Liquid for the dashboard's pages, separate from the message-template engine: every output is
 * HTML-escaped (`| raw` is never used in views), views and partials come from VIEWS_DIR only, and
 * an unknown filter is an error rather than silent text.
 */
export const pageEngine = new Liquid({
  root: VIEWS_DIR,
  partials: join(VIEWS_DIR, 'partials'),
  layouts: VIEWS_DIR,
  extname: '.liquid',
  outputEscape: 'escape',
  strictFilters: true,
  ownPropertyOnly: true,
  cache: true,
});

pageEngine.registerFilter('time', formatTime);
// Rule text shown outside the rule editor (lists, a webhook's matched rules, job data): credentials hidden.
pageEngine.registerFilter('redact_credentials', (value: unknown) =>
  typeof value === 'string' ? redactCredentials(value) : value,
);
pageEngine.registerFilter('pretty_json', (value: unknown) =>
  value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value, null, 2),
);
pageEngine.registerFilter('iso', (value: unknown) => {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : '';
});
