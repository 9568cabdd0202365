import { ConfigError, loadConfig } from './app-config';
import { parseImapServer } from './mail-intake-config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as ConfigError).problems;
  }
  return [];
};

describe('mailbox intake configuration', () => {
  it('is off by default and requires nothing then', () => {
    const { mailIntake } = loadConfig({});
    expect(mailIntake).toMatchObject({
      enabled: false,
      server: { port: 993, tls: 'tls' },
      mailbox: 'INBOX',
      checkEverySeconds: 300,
      allowedExtensions: ['pdf', 'docx'],
      maxFileBytes: 10 * 1024 * 1024,
      requireSenderAuth: true,
    });
  });

  it('names each missing variable at startup when on', () => {
    expect(problemsOf({ EMAIL_RESUME_INTAKE_ENABLED: 'on' })).toEqual([
      'IMAP_SERVER is required when EMAIL_RESUME_INTAKE_ENABLED=on (the mailbox server as host[:port], e.g. imap.example.org)',
      'EMAIL_USERNAME is required when EMAIL_RESUME_INTAKE_ENABLED=on (the IMAP login)',
      "EMAIL_PASSWORD is required when EMAIL_RESUME_INTAKE_ENABLED=on (the IMAP login's password)",
    ]);
  });

  it('reads host[:port], the TLS mode and the limits', () => {
    const { mailIntake } = loadConfig({
      EMAIL_RESUME_INTAKE_ENABLED: 'true',
      IMAP_SERVER: 'imap.example.org',
      IMAP_TLS: 'starttls',
      EMAIL_USERNAME: 'jobs@example.org',
      EMAIL_PASSWORD: 'secret',
      CHECK_EMAIL_WAIT: '30',
      EMAIL_RESUME_ALLOWED_EXTENSIONS: '.PDF, docx,txt',
      EMAIL_RESUME_MAX_FILE_SIZE_MB: '5',
      EMAIL_REQUIRE_SENDER_AUTH_HEADERS: 'off',
    });
    expect(mailIntake).toMatchObject({
      enabled: true,
      server: { host: 'imap.example.org', port: 143, tls: 'starttls' },
      checkEverySeconds: 30,
      allowedExtensions: ['pdf', 'docx', 'txt'],
      maxFileBytes: 5 * 1024 * 1024,
      requireSenderAuth: false,
    });
    expect(parseImapServer('[::1]:1143')).toEqual({ host: '::1', port: 1143 });
    expect(parseImapServer('mail.example.org:993')).toEqual({ host: 'mail.example.org', port: 993 });
  });

  it('refuses plain text beyond loopback, odd intervals and a limit above MAX_FILE_SIZE_MB', () => {
    const base = { EMAIL_RESUME_INTAKE_ENABLED: 'on', EMAIL_USERNAME: 'u', EMAIL_PASSWORD: 'p' };
    expect(problemsOf({ ...base, IMAP_SERVER: 'imap.example.org', IMAP_TLS: 'plain' })).toEqual([
      expect.stringContaining('IMAP_TLS=plain sends the password unencrypted'),
    ]);
    expect(problemsOf({ ...base, IMAP_SERVER: '127.0.0.1:1143', IMAP_TLS: 'plain' })).toEqual([]);
    expect(problemsOf({ ...base, IMAP_SERVER: 'imap.example.org', CHECK_EMAIL_WAIT: '90' })).toEqual([
      expect.stringContaining('CHECK_EMAIL_WAIT must be'),
    ]);
    expect(
      problemsOf({
        ...base,
        IMAP_SERVER: 'imap.example.org',
        MAX_FILE_SIZE_MB: '5',
        EMAIL_RESUME_MAX_FILE_SIZE_MB: '8',
      }),
    ).toEqual([expect.stringContaining('EMAIL_RESUME_MAX_FILE_SIZE_MB (8) is larger than MAX_FILE_SIZE_MB (5)')]);
    expect(problemsOf({ IMAP_SERVER: 'not a host', EMAIL_RESUME_ALLOWED_EXTENSIONS: 'pdf;exe' })).toEqual([
      expect.stringContaining('IMAP_SERVER must be host[:port]'),
      expect.stringContaining('EMAIL_RESUME_ALLOWED_EXTENSIONS must be'),
    ]);
  });
});
