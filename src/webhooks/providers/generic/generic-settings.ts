import { isHeaderName } from '../headers';
import type { HmacAlgorithm } from '../hmac';

export type GenericSettings =
  | ({ mode: 'hmac'; algorithm: HmacAlgorithm; encoding: 'hex' | 'base64' } & Common)
  | ({ mode: 'token' } & Common);

interface Common {
  /** As configured (for messages); looked up in lower case, as Node presents request headers. */
  header: string;
  prefix: string;
  deliveryIdHeader?: string;
  eventTypeField?: string[];
}

const KNOWN = ['mode', 'header', 'algorithm', 'encoding', 'prefix', 'deliveryIdHeader', 'eventTypeField'];
const ALGORITHMS: readonly string[] = ['sha1', 'sha256', 'sha512'] satisfies HmacAlgorithm[];
const FIELD_PATH = /^[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*)*$/;

/** The settings of a generic source, or every problem with them. */
export function readGenericSettings(
  settings: Readonly<Record<string, unknown>>,
): { settings: GenericSettings; problems: [] } | { settings?: undefined; problems: string[] } {
  const { mode, header, algorithm, encoding, prefix, deliveryIdHeader, eventTypeField } = settings;
  const problems = Object.keys(settings)
    .filter((key) => !KNOWN.includes(key))
    .map((key) => `unknown setting "${key}" (known: ${KNOWN.join(', ')})`);
  if (mode !== 'hmac' && mode !== 'token') problems.push('mode must be hmac or token');
  if (!isHeaderName(header)) {
    problems.push('header must be the name of the HTTP header carrying the signature or token, e.g. X-Signature');
  }
  if (mode === 'hmac') {
    if (typeof algorithm !== 'string' || !ALGORITHMS.includes(algorithm)) {
      problems.push(`algorithm must be one of ${ALGORITHMS.join(', ')}`);
    }
    if (encoding !== 'hex' && encoding !== 'base64') problems.push('encoding must be hex or base64');
  } else if (mode === 'token') {
    if (algorithm !== undefined) problems.push('algorithm applies only to mode hmac');
    if (encoding !== undefined) problems.push('encoding applies only to mode hmac');
  }
  if (prefix !== undefined && (typeof prefix !== 'string' || prefix.length > 50)) {
    problems.push('prefix must be text of at most 50 characters, e.g. sha256= or "Bearer "');
  }
  if (deliveryIdHeader !== undefined && !isHeaderName(deliveryIdHeader)) {
    problems.push('deliveryIdHeader must be an HTTP header name, e.g. X-Request-Id');
  }
  if (eventTypeField !== undefined && (typeof eventTypeField !== 'string' || !FIELD_PATH.test(eventTypeField))) {
    problems.push('eventTypeField must be a field name or dotted path into the JSON body, e.g. type or data.event');
  }
  if (problems.length > 0) return { problems };

  const common: Common = {
    header: header as string,
    prefix: (prefix as string | undefined) ?? '',
    deliveryIdHeader: deliveryIdHeader as string | undefined,
    eventTypeField: (eventTypeField as string | undefined)?.split('.'),
  };
  return {
    problems: [],
    settings:
      mode === 'hmac'
        ? { mode, algorithm: algorithm as HmacAlgorithm, encoding: encoding as 'hex' | 'base64', ...common }
        : { mode: 'token', ...common },
  };
}
