import { ImapFlow } from 'imapflow';
import type { MailIntakeSettings } from '../../platform/config/mail-intake-config';

/** A poll that could not talk to the mailbox; the message is safe to log and show (no password). */
export class MailboxUnavailableError extends Error {
  override readonly name = 'MailboxUnavailableError';
}

const where = (settings: MailIntakeSettings) => `${settings.server.host}:${settings.server.port}`;

interface ImapErrorFields {
  message?: string;
  code?: string;
  responseText?: string;
  serverResponseCode?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  mailboxMissing?: boolean;
  /** Node's TLS errors: OpenSSL's reason, e.g. `wrong version number`. */
  reason?: string;
}

/** Node's TLS and certificate error codes. */
const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_)/;
const CERTIFICATE_CODE = /CERT|SELF_SIGNED|UNABLE_TO/;

/**
 * What went wrong, in words, built only from fields that carry no credentials (imapflow's errors
 * also hold the command as sent, which for LOGIN is the password). The password is blanked out of
 * the result anyway, in case a server echoes it.
 */
export function describeImapError(error: unknown, settings: MailIntakeSettings, doing: string): string {
  const e = (error ?? {}) as ImapErrorFields;
  const server = e.responseText ? `: ${e.responseText}` : '';
  let text: string;
  if (e.authenticationFailed) {
    text = `IMAP login as ${settings.username} refused by ${where(settings)}${server || ''} (check EMAIL_USERNAME and EMAIL_PASSWORD)`;
  } else if (e.code && TLS_CODE.test(e.code)) {
    const hint = CERTIFICATE_CODE.test(e.code)
      ? 'the certificate is not trusted: NODE_EXTRA_CA_CERTS for a private CA'
      : 'is it a TLS port? check IMAP_TLS and the port';
    text = `TLS with ${where(settings)} failed: ${e.reason ?? e.message?.split('\n')[0] ?? e.code} (${e.code}; ${hint})`;
  } else if (e.tlsFailed) {
    text = `TLS with ${where(settings)} failed${e.message ? `: ${e.message}` : ''} (check IMAP_TLS)`;
  } else if (e.mailboxMissing) {
    text = `the mailbox does not exist on ${where(settings)}${server} (check IMAP_MAILBOX)`;
  } else if (e.code && /^E[A-Z]+$/.test(e.code)) {
    text = `cannot reach IMAP server ${where(settings)}: ${e.code}${e.message && !e.message.includes(e.code) ? ` ${e.message}` : ''} (check IMAP_SERVER)`;
  } else {
    text = `${doing} failed on ${where(settings)}: ${e.responseText ?? e.message ?? String(error)}${e.code ? ` (${e.code})` : ''}`;
  }
  return withoutPassword(text, settings);
}

/** The password blanked out of a text, in case a server or library echoed it. */
export const withoutPassword = (text: string, settings: MailIntakeSettings): string =>
  settings.password ? text.split(settings.password).join('***') : text;

/**
 * A logged-in IMAP client: implicit TLS (`IMAP_TLS=tls`, port 993 by default, certificates checked
 * against Node's CAs and NODE_EXTRA_CA_CERTS), STARTTLS required (`starttls`), or plain text
 * (`plain`, loopback only). imapflow's own logging is off: its entries can hold commands as sent.
 */
export async function connectMailbox(settings: MailIntakeSettings): Promise<ImapFlow> {
  const { host, port, tls } = settings.server;
  const client = new ImapFlow({
    host,
    port,
    secure: tls === 'tls',
    doSTARTTLS: tls === 'starttls' ? true : tls === 'plain' ? false : undefined,
    auth: { user: settings.username, pass: settings.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 20_000,
    greetingTimeout: 15_000,
    socketTimeout: 120_000,
  });
  // A connection dropping later is an 'error' event: without a listener it would end the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.close();
    throw new MailboxUnavailableError(describeImapError(error, settings, 'connecting'));
  }
  return client;
}
