import { isIP } from 'node:net';
import { isValidInterval } from '../../sync/sources/sync-interval';
import type { Environment } from './environment';

export type ImapTls = 'tls' | 'starttls' | 'plain';

export interface MailIntakeSettings {
  enabled: boolean;
  server: { host: string; port: number; tls: ImapTls };
  username: string;
  password: string;
  /** The mailbox read (INBOX by default). */
  mailbox: string;
  /** Handled messages are moved here after their record is committed; unset: only flagged \Seen. */
  processedMailbox?: string;
  /** Seconds between polls (CHECK_EMAIL_WAIT). */
  checkEverySeconds: number;
  /** Lower-case extensions without the dot. */
  allowedExtensions: string[];
  maxFileBytes: number;
  /** Only senders with spf, dkim and dmarc `pass` in the topmost Authentication-Results. */
  requireSenderAuth: boolean;
  /** When set, the topmost Authentication-Results must be this server's (its authserv-id). */
  authservId?: string;
}

const DEFAULT_PORTS: Record<ImapTls, number> = { tls: 993, starttls: 143, plain: 143 };
const on = (value: string | undefined, fallback: boolean) =>
  value === undefined ? fallback : value === 'on' || value === 'true';

/** `imap.example.org`, `imap.example.org:993`, `[::1]:143`. */
export function parseImapServer(value: string): { host: string; port?: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d+))?$/.exec(value.trim());
  if (!match) return { host: value.trim() };
  return { host: (match[1] ?? match[2])!, port: match[3] === undefined ? undefined : Number(match[3]) };
}

export const isLoopbackHost = (host: string): boolean =>
  host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

const required = (name: string, what: string) => `${name} is required when EMAIL_RESUME_INTAKE_ENABLED=on (${what})`;

/**
 * The optional mailbox intake. Off: nothing is required and nothing is read. On: the server, the
 * login and the limits must make sense, each problem naming its variable.
 */
export function readMailIntakeConfig(env: Environment, problems: string[], maxUploadBytes: number): MailIntakeSettings {
  const enabled = on(env.EMAIL_RESUME_INTAKE_ENABLED, false);
  const tls: ImapTls = env.IMAP_TLS ?? 'tls';
  const { host, port } = parseImapServer(env.IMAP_SERVER ?? '');
  const checkEverySeconds = env.CHECK_EMAIL_WAIT ?? 300;
  const maxFileBytes =
    env.EMAIL_RESUME_MAX_FILE_SIZE_MB === undefined ? maxUploadBytes : env.EMAIL_RESUME_MAX_FILE_SIZE_MB * 1024 * 1024;
  const allowedExtensions = (env.EMAIL_RESUME_ALLOWED_EXTENSIONS ?? 'pdf,docx')
    .split(',')
    .map((e) => e.trim().replace(/^\./, '').toLowerCase())
    .filter((e) => e.length > 0);
  if (enabled) {
    if (!env.IMAP_SERVER)
      problems.push(required('IMAP_SERVER', 'the mailbox server as host[:port], e.g. imap.example.org'));
    if (!env.EMAIL_USERNAME) problems.push(required('EMAIL_USERNAME', 'the IMAP login'));
    if (!env.EMAIL_PASSWORD) problems.push(required('EMAIL_PASSWORD', "the IMAP login's password"));
    if (port !== undefined && (port < 1 || port > 65535)) problems.push('IMAP_SERVER: the port must be 1 to 65535');
    if (env.IMAP_SERVER && tls === 'plain' && !isLoopbackHost(host)) {
      problems.push(
        `IMAP_TLS=plain sends the password unencrypted and is only allowed for a loopback IMAP_SERVER (${host} is not); use tls or starttls`,
      );
    }
    if (!isValidInterval(checkEverySeconds)) {
      problems.push(
        'CHECK_EMAIL_WAIT must be 5 to 59 seconds, whole minutes dividing an hour (60, 120, … 1800), or whole hours dividing a day (3600, … 86400)',
      );
    }
    if (maxFileBytes > maxUploadBytes) {
      problems.push(
        `EMAIL_RESUME_MAX_FILE_SIZE_MB (${env.EMAIL_RESUME_MAX_FILE_SIZE_MB}) is larger than MAX_FILE_SIZE_MB (${maxUploadBytes / 1024 / 1024}): the resume pipeline would refuse such files anyway`,
      );
    }
  }
  return {
    enabled,
    server: { host, port: port ?? DEFAULT_PORTS[tls], tls },
    username: env.EMAIL_USERNAME ?? '',
    password: env.EMAIL_PASSWORD ?? '',
    mailbox: env.IMAP_MAILBOX ?? 'INBOX',
    processedMailbox: env.IMAP_PROCESSED_MAILBOX,
    checkEverySeconds,
    allowedExtensions,
    maxFileBytes,
    requireSenderAuth: on(env.EMAIL_REQUIRE_SENDER_AUTH_HEADERS, true),
    authservId: env.EMAIL_AUTHSERV_ID?.toLowerCase(),
  };
}
