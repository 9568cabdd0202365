import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './support/free-port';
import { ANSIBLE_DIR, nginxMainConfig, renderTemplate, sh, tool } from './support/ops-tools';

const PLAYBOOKS = ['provision.yml', 'deploy.yml', 'nginx.yml', 'backup.yml'];

describe('deploy/ansible', () => {
  it('passes ansible-lint with the production profile', async () => {
    const { stdout, stderr } = await sh(tool('ansible-lint'), ['--profile', 'production', '--nocolor'], {
      cwd: ANSIBLE_DIR,
      timeoutMs: 180_000,
    });
    expect(`${stdout}${stderr}`).toMatch(/Passed with production profile: 0 failure\(s\), 0 warning\(s\)/);
  }, 200_000);

  it.each(PLAYBOOKS)(
    '%s passes ansible-playbook --syntax-check and uses ansible.builtin modules only',
    async (playbook) => {
      await sh(tool('ansible-playbook'), ['-i', 'inventory.example.yml', '--syntax-check', playbook], {
        cwd: ANSIBLE_DIR,
      });
      const text = readFileSync(join(ANSIBLE_DIR, playbook), 'utf8');
      const modules = [...text.matchAll(/^\s+-?\s*([a-z_]+\.[a-z_]+\.[a-z_0-9]+):/gm)].map((m) => m[1]);
      expect(modules.length).toBeGreaterThan(0);
      expect(modules.filter((name) => !name!.startsWith('ansible.builtin.'))).toEqual([]);
    },
  );

  it('renders an nginx site that nginx -t accepts, with HSTS, the body limit and the unbuffered live stream', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-nginx-t-'));
    const site = join(dir, 'switchyard.conf');
    // A throwaway certificate: nginx -t reads the files.
    await sh(tool('openssl'), [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=switchyard.example.com',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
    await renderTemplate('switchyard-nginx.conf.j2', site, {
      switchyard_tls_certificate: join(dir, 'cert.pem'),
      switchyard_tls_certificate_key: join(dir, 'key.pem'),
      switchyard_api_replicas: 2,
      // nginx -t binds the listeners: loopback ports any user may bind (the defaults are 80 and 443).
      switchyard_http_listen: `127.0.0.1:${await freePort()}`,
      switchyard_https_listen: `127.0.0.1:${await freePort()}`,
    });
    const config = join(dir, 'nginx.conf');
    writeFileSync(config, nginxMainConfig(dir, site));
    const { stderr } = await sh(tool('nginx'), ['-t', '-c', config, '-p', dir]);
    expect(stderr).toContain('test is successful');

    const text = readFileSync(site, 'utf8');
    expect(text).toContain('server 127.0.0.1:3000;');
    expect(text).toContain('server 127.0.0.1:3001;');
    expect(text).toMatch(/add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;/);
    expect(text).toMatch(/location \/webhooks\/ \{\s+client_max_body_size 10485760;/);
    const live = /location = \/dashboard\/live \{([^}]*)\}/.exec(text)?.[1] ?? '';
    expect(live).toContain('proxy_buffering off;');
    expect(live).toContain('proxy_read_timeout 1h;');
    expect(text).toContain('proxy_set_header X-Forwarded-For $remote_addr;');
  });

  it('renders the environment and compose files the deploy writes, with TRUST_PROXY for the proxy and the replica counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-deploy-render-'));
    const overrides = {
      switchyard_secrets_key: 'k'.repeat(40),
      switchyard_postgres_password: 'p@ss word',
      switchyard_api_replicas: 2,
      switchyard_worker_replicas: 3,
      switchyard_bot_enabled: true,
      switchyard_env: { PUBLIC_BASE_URL: 'https://switchyard.example.com' },
    };
    await renderTemplate('switchyard.env.j2', join(dir, 'switchyard.env'), overrides);
    await renderTemplate('compose.yml.j2', join(dir, 'compose.yml'), overrides);
    const env = readFileSync(join(dir, 'switchyard.env'), 'utf8');
    expect(env).toContain('TRUST_PROXY=loopback,172.30.0.1\n');
    expect(env).toContain('DATABASE_URL=postgres://switchyard:p%40ss%20word@postgres:5432/switchyard\n');
    expect(env).toContain('PUBLIC_BASE_URL=https://switchyard.example.com\n');
    // Valid YAML (PyYAML comes with ansible-core), with the services compose needs.
    const { stdout: services } = await sh('python3', [
      '-c',
      'import sys, yaml; print(" ".join(sorted(yaml.safe_load(open(sys.argv[1]))["services"])))',
      join(dir, 'compose.yml'),
    ]);
    expect(services.trim()).toBe('api bot migrate postgres worker');
    const compose = readFileSync(join(dir, 'compose.yml'), 'utf8');
    expect(compose).toMatch(/api:[\s\S]*?replicas: 2[\s\S]*?'127\.0\.0\.1:3000-3001:3000'/);
    expect(compose).toMatch(/worker:[\s\S]*?replicas: 3/);
    expect(compose).toMatch(/bot:[\s\S]*?replicas: 1/);
    expect(compose).toContain('gateway: 172.30.0.1');

    await renderTemplate('compose.yml.j2', join(dir, 'one.yml'), { ...overrides, switchyard_api_replicas: 1 });
    expect(readFileSync(join(dir, 'one.yml'), 'utf8')).toContain("- '127.0.0.1:3000:3000'");
  });
});
