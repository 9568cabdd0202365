import { isHeaderName } from '../headers';

export interface DocusealSettings {
  /** The header DocuSeal's webhook sends the secret in (Settings > Webhooks > secret key/value). */
  secretHeader: string;
  /** Templates whose completed forms are member agreements (`docuseal.agreement.signed`). */
  agreementTemplateIds: string[];
}

const KNOWN = ['secretHeader', 'agreementTemplateIds'];
const TEMPLATE_ID = /^[\w-]{1,64}$/;

/** A DocuSeal source's settings, or every problem with them. */
export function readDocusealSettings(
  settings: Readonly<Record<string, unknown>>,
): { settings: DocusealSettings; problems: [] } | { settings?: undefined; problems: string[] } {
  const problems = Object.keys(settings)
    .filter((key) => !KNOWN.includes(key))
    .map((key) => `unknown setting "${key}" (known: ${KNOWN.join(', ')})`);
  const { secretHeader = 'X-Docuseal-Secret', agreementTemplateIds } = settings;
  if (!isHeaderName(secretHeader)) {
    problems.push('secretHeader must be the HTTP header name set in DocuSeal’s webhook secret, e.g. X-Docuseal-Secret');
  }
  const ids = Array.isArray(agreementTemplateIds) ? agreementTemplateIds.map(String) : [];
  if (!Array.isArray(agreementTemplateIds) || ids.length === 0 || !ids.every((id) => TEMPLATE_ID.test(id))) {
    problems.push('agreementTemplateIds must list the DocuSeal template ids of the member agreement, e.g. [6]');
  }
  if (problems.length > 0) return { problems };
  return { problems: [], settings: { secretHeader: secretHeader as string, agreementTemplateIds: ids } };
}
