import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from './free-port';

const DOVECOT = '/usr/sbin/dovecot';
/** Debian's dovecot-core makes these accounts; as root, dovecot's own processes run as them. */
const ROOT_INTERNAL_USER = 'dovecot';
const ROOT_LOGIN_USER = 'dovenull';
/** As root the mailboxes belong to nobody: dovecot refuses to run mail processes as root. */
const NOBODY = 65534;

const isRoot = () => process.getuid?.() === 0;

/** The name of a group id (dovecot's settings take names), from /etc/group. */
async function groupName(gid: number): Promise<string> {
  const line = (await readFile('/etc/group', 'utf8')).split('\n').find((l) => l.split(':')[2] === String(gid));
  if (!line) throw new Error(`No group ${gid} in /etc/group: dovecot needs a group name`);
  return line.split(':')[0]!;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Debian's Dovecot as a real IMAP server on a loopback port, with its own configuration, passwd-file
 * users and maildirs in a temporary directory, in the foreground (a child process of the test). As
 * a normal user everything runs as that user; as root (CI) dovecot's helpers run as Debian's
 * `dovecot` and `dovenull` accounts and the mail as `nobody`. Plain-text login is allowed: the
 * connection never leaves loopback. `npm test`'s pretest installs the package
 * (test/support/ensure-dovecot.sh); when it is missing the test fails saying so.
 */
export class Dovecot {
  readonly host = '127.0.0.1';
  private process?: ChildProcess;
  private output = '';

  private constructor(
    readonly dir: string,
    /** IMAP, plain text (and STARTTLS when started with `tls`). */
    readonly port: number,
    /** Implicit TLS (imaps) when started with `tls`, else 0. */
    readonly tlsPort: number,
  ) {}

  /** With `tls` (PEM files), STARTTLS on `port` and implicit TLS on `tlsPort` too. */
  static async start(
    users: Record<string, string>,
    options: { tls?: { cert: string; key: string } } = {},
  ): Promise<Dovecot> {
    if (!existsSync(DOVECOT)) {
      throw new Error(
        `MISSING TOOL: Debian's dovecot-imapd is not installed, so the mailbox intake test cannot run. ` +
          `Run 'bash test/support/ensure-dovecot.sh' as root (or: apt-get install -y --no-install-recommends dovecot-imapd).`,
      );
    }
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-dovecot-'));
    const server = new Dovecot(dir, await freePort(), options.tls ? await freePort() : 0);
    await server.configure(users, options.tls);
    await server.run();
    return server;
  }

  private async configure(users: Record<string, string>, tls?: { cert: string; key: string }): Promise<void> {
    const root = isRoot();
    const me = userInfo();
    const mailUid = root ? NOBODY : me.uid;
    const mailGid = root ? NOBODY : me.gid;
    const mailDir = join(this.dir, 'mail');
    await chmod(this.dir, 0o755);
    await mkdir(mailDir);
    if (root) await chown(mailDir, mailUid, mailGid);
    await writeFile(
      join(this.dir, 'passwd'),
      Object.entries(users)
        .map(([user, password]) => `${user}:{PLAIN}${password}\n`)
        .join(''),
      { mode: 0o644 },
    );
    const config = `
base_dir = ${this.dir}/run
state_dir = ${this.dir}/state
log_path = /dev/stderr
protocols = imap
listen = 127.0.0.1
${tls ? `ssl = yes\nssl_cert = <${tls.cert}\nssl_key = <${tls.key}` : 'ssl = no'}
disable_plaintext_auth = no
auth_failure_delay = 0
auth_mechanisms = plain login
default_internal_user = ${root ? ROOT_INTERNAL_USER : me.username}
default_login_user = ${root ? ROOT_LOGIN_USER : me.username}
${root ? '' : `default_internal_group = ${await groupName(me.gid)}\n`}first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${this.dir}/passwd
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailGid} home=${mailDir}/%u
}
mail_location = maildir:${mailDir}/%u/Maildir
service imap-login {
  ${root ? '' : 'chroot =\n  '}inet_listener imap {
    address = 127.0.0.1
    port = ${this.port}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${this.tlsPort}
  }
}
${root ? '' : 'service anvil {\n  chroot =\n}\n'}`;
    await writeFile(join(this.dir, 'dovecot.conf'), config, { mode: 0o644 });
  }

  private async run(): Promise<void> {
    // A process group of its own: stopping it ends the helpers it forked too (they hold its output pipes).
    this.process = spawn(DOVECOT, ['-F', '-c', join(this.dir, 'dovecot.conf')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.process.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.process.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (this.process.exitCode !== null) break;
      if (await portOpen(this.port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.stop();
    throw new Error(`Dovecot did not start on 127.0.0.1:${this.port}:\n${this.output}`);
  }

  /** A client logged in as `user`, for delivering and looking at mail as a mail server would. */
  async client(user: string, password: string): Promise<ImapFlow> {
    const client = new ImapFlow({
      host: this.host,
      port: this.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user, pass: password },
      logger: false,
    });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  /** Delivers a raw message into a user's mailbox (IMAP APPEND); its UID. */
  async deliver(user: string, password: string, raw: string | Buffer, mailbox = 'INBOX'): Promise<number> {
    const client = await this.client(user, password);
    try {
      const appended = await client.append(mailbox, raw);
      if (!appended || appended.uid === undefined) throw new Error('APPEND gave no UID');
      return appended.uid;
    } finally {
      await client.logout();
    }
  }

  /** The flags of every message in a mailbox, by UID. */
  async flags(user: string, password: string, mailbox = 'INBOX'): Promise<Map<number, string[]>> {
    const client = await this.client(user, password);
    const flags = new Map<number, string[]>();
    try {
      const lock = await client.getMailboxLock(mailbox);
      try {
        if (client.mailbox && client.mailbox.exists > 0) {
          for await (const message of client.fetch('1:*', { uid: true, flags: true })) {
            flags.set(message.uid, [...(message.flags ?? [])]);
          }
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
    return flags;
  }

  logs(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (child?.pid !== undefined) {
      const group = -child.pid;
      const closed = new Promise((resolve) => child.once('close', resolve));
      const signal = (name: NodeJS.Signals) => {
        try {
          process.kill(group, name);
        } catch {
          // The group is gone already.
        }
      };
      signal('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise((r) => (timer = setTimeout(r, 5000)))]);
      clearTimeout(timer);
      signal('SIGKILL');
      child.stdout?.destroy();
      child.stderr?.destroy();
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}

export interface MailOptions {
  from: string;
  to?: string;
  subject?: string;
  messageId?: string;
  /** The receiving server's verdict, as the topmost header; null: none. */
  authenticationResults?: string | null;
  /** Headers above it, e.g. a forged verdict a sender wrote (a receiving server adds its own on top). */
  extraHeaders?: string[];
  text?: string;
  attachments?: { fileName: string; contentType: string; bytes: Buffer }[];
}

export const PASSING_AUTH =
  'mx.switchyard.test; spf=pass smtp.mailfrom=example.com; dkim=pass header.d=example.com; dmarc=pass header.from=example.com';

const base64Lines = (bytes: Buffer) => (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');

/** A MIME message (multipart/mixed, base64 attachments) as a receiving server stores it. */
export function mail(options: MailOptions): string {
  const boundary = `=_switchyard_${Math.random().toString(36).slice(2)}`;
  const auth = options.authenticationResults === undefined ? PASSING_AUTH : options.authenticationResults;
  const headers = [
    ...(auth === null ? [] : [`Authentication-Results: ${auth}`]),
    ...(options.extraHeaders ?? []),
    `From: ${options.from}`,
    `To: ${options.to ?? 'jobs@switchyard.test'}`,
    `Subject: ${options.subject ?? 'My resume'}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: ${options.messageId ?? `<${Math.random().toString(36).slice(2)}@example.com>`}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
  ];
  const parts = [
    `Content-Type: text/plain; charset=utf-8\r\n\r\n${options.text ?? 'Hello, my resume is attached.'}\r\n`,
    ...(options.attachments ?? []).map(
      (a) =>
        `Content-Type: ${a.contentType}; name="${a.fileName}"\r\nContent-Disposition: attachment; filename="${a.fileName}"\r\n` +
        `Content-Transfer-Encoding: base64\r\n\r\n${base64Lines(a.bytes)}\r\n`,
    ),
  ];
  return `${headers.join('\r\n')}\r\n\r\n${parts.map((p) => `--${boundary}\r\n${p}`).join('')}--${boundary}--\r\n`;
}
