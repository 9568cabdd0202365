import { redactCredentials } from '../../platform/security/redact-credentials';

// `_csrf`: the session's CSRF token, sent by dashboard forms.
const SECRET_KEY = /secret|password|token|csrf/i;

/**
 * A copy of a request body fit for the audit trail: fields named like secrets dropped at any depth,
 * credentials inside text (a rule's http.forward URL) masked.
 */
export function auditableBody(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(auditableBody);
  if (typeof value === 'string') return redactCredentials(value);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !SECRET_KEY.test(key))
      .map(([key, inner]) => [key, auditableBody(inner)]),
  );
}

const asId = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;

/** What an admin route acted on: its `:id` or `:slug`, else the id or slug of what it returned. */
export function auditTarget(params: Record<string, unknown>, result: unknown): string | null {
  const returned = result !== null && typeof result === 'object' ? (result as Record<string, unknown>) : {};
  return (
    asId(params.id) ??
    asId(params.slug) ??
    asId(params.name) ??
    asId(returned.id) ??
    asId(returned.slug) ??
    asId(returned.name) ??
    null
  );
}
