import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './child-process';

export const ANSIBLE_DIR = join(ROOT, 'deploy', 'ansible');
const run = promisify(execFile);

const TOOLS: Record<string, string[]> = {
  nginx: ['/usr/sbin/nginx'],
  'ansible-playbook': ['/usr/bin/ansible-playbook'],
  'ansible-lint': ['/usr/bin/ansible-lint'],
  openssl: ['/usr/bin/openssl'],
  curl: ['/usr/bin/curl'],
};

/**
 * The path of a Debian tool the deploy tests need. npm test's pretest step
 * (test/support/ensure-ops-tools.sh) installs them; when one is still missing the test fails
 * saying so, rather than skipping.
 */
export function tool(name: keyof typeof TOOLS): string {
  const found = TOOLS[name]!.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `MISSING TOOL: ${name} is not installed, so this deploy test cannot run. ` +
        `Run 'bash test/support/ensure-ops-tools.sh' as root (or: apt-get install -y --no-install-recommends nginx ansible-core ansible-lint openssl curl).`,
    );
  }
  return found;
}

/** Runs a command; resolves with its output, rejects with the output in the message. */
export async function sh(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(command, args, {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_FORCE_COLOR: '0', NO_COLOR: '1', ...options.env },
      timeout: options.timeoutMs ?? 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const failed = error as Error & { stdout?: string; stderr?: string };
    throw new Error(
      `${command} ${args.join(' ')} failed: ${failed.message}\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`,
    );
  }
}

/**
 * Renders one of deploy/ansible's templates with ansible itself: the playbooks' defaults
 * (group_vars/all.yml), then `overrides`, as a run against a host would see them.
 */
export async function renderTemplate(
  template: string,
  dest: string,
  overrides: Record<string, unknown>,
): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'switchyard-render-'));
  const playbook = join(work, 'render.yml');
  writeFileSync(
    playbook,
    JSON.stringify([
      {
        name: 'Render a template',
        hosts: 'localhost',
        connection: 'local',
        gather_facts: false,
        vars_files: [join(ANSIBLE_DIR, 'group_vars', 'all.yml')],
        tasks: [
          {
            name: 'Render',
            'ansible.builtin.template': { src: join(ANSIBLE_DIR, 'templates', template), dest, mode: '0644' },
          },
        ],
      },
    ]),
  );
  writeFileSync(join(work, 'overrides.json'), JSON.stringify(overrides));
  await sh(tool('ansible-playbook'), ['-i', 'localhost,', playbook, '-e', `@${join(work, 'overrides.json')}`], {
    cwd: work,
  });
}

/** An nginx.conf around the rendered site, with every path it writes inside `dir`. */
export function nginxMainConfig(dir: string, site: string): string {
  for (const temp of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
    mkdirSync(join(dir, temp), { recursive: true, mode: 0o777 });
  return [
    'worker_processes 1;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log info;`,
    'events { worker_connections 256; }',
    'http {',
    '  include /etc/nginx/mime.types;',
    `  access_log ${dir}/access.log;`,
    ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
      (temp) => `  ${temp === 'body' ? 'client_body' : temp}_temp_path ${dir}/${temp};`,
    ),
    `  include ${site};`,
    '}',
    '',
  ].join('\n');
}

/**
 * A self-signed certificate for `localhost` and 127.0.0.1 (one day), written to `dir` as cert.pem
 * and key.pem: TLS on loopback for nginx and Dovecot in the tests.
 */
export async function selfSignedCertificate(dir: string): Promise<{ cert: string; key: string }> {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  await sh(tool('openssl'), [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  return { cert, key };
}
