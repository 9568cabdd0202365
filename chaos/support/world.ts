import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { discordEnv, startFakeDiscord, TEAM } from '../../test/support/discord-world';
import type { FakeDiscord } from '../../test/support/fake-discord';
import type { FakeDiscordGateway } from '../../test/support/fake-discord-gateway';
import { ROOT } from '../../test/support/child-process';
import { freePort } from '../../test/support/free-port';
import { ChaosCluster, ScenarioDatabase } from './cluster';
import { SwitchyardProcess } from './processes';
import { RULES } from './rules';

export const API_SECRET = 'chaos-api-secret-0123456789';
export const GITHUB_SECRET = 'chaos-github-secret';

export interface WorldOptions {
  workers?: number;
  bot?: boolean;
  /** Install the rules of ./rules (default true). */
  rules?: boolean;
  /** Extra environment for every process. */
  env?: Record<string, string>;
}

/**
 * Everything one scenario runs against: its own database on the shared cluster, a fake Discord
 * (REST and gateway) in this process, and Switchyard as real processes: one api, `workers` worker
 * processes and optionally the bot, all started with short retry and heartbeat settings so
 * recovery fits in the scenario's time bound.
 */
export class World {
  readonly workers: SwitchyardProcess[] = [];
  bot?: SwitchyardProcess;
  api!: SwitchyardProcess;
  discord!: FakeDiscord;
  gateway!: FakeDiscordGateway;
  db!: ScenarioDatabase;

  private constructor(
    readonly cluster: ChaosCluster,
    readonly name: string,
  ) {}

  static async create(cluster: ChaosCluster, name: string, options: WorldOptions = {}): Promise<World> {
    const world = new World(cluster, name);
    world.db = await cluster.createDatabase(`chaos_${name.replace(/\W/g, '_')}`);
    ({ discord: world.discord, gateway: world.gateway } = await startFakeDiscord());
    const env = world.env(options.env ?? {});
    await world.migrate(env);
    world.api = new SwitchyardProcess('api', 'api', await freePort(), env);
    for (let i = 0; i < (options.workers ?? 1); i++) {
      world.workers.push(new SwitchyardProcess(`worker-${i + 1}`, 'worker', await freePort(), env));
    }
    if (options.bot) world.bot = new SwitchyardProcess('bot', 'bot', await freePort(), env);
    await Promise.all(world.processes.map((p) => p.start()));
    if (world.bot) await world.gateway.ready(30_000);
    if (options.rules !== false) for (const rule of RULES) await world.admin('POST', '/rules', { text: rule });
    return world;
  }

  get processes(): SwitchyardProcess[] {
    return [this.api, ...this.workers, ...(this.bot ? [this.bot] : [])];
  }

  /** The admin API with the shared secret; throws on anything but 2xx. */
  async admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${API_SECRET}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Every process answers /ready (database, queue, a worker heartbeat, the bot's gateway). */
  async allReady(): Promise<boolean> {
    const answers = await Promise.all(this.processes.map((p) => p.ready()));
    return answers.every(Boolean);
  }

  async close(): Promise<void> {
    await Promise.all(this.processes.map((p) => p?.stop(15_000)));
    await this.gateway?.stop();
    await this.discord?.stop();
    await this.db?.close();
  }

  private env(extra: Record<string, string>): Record<string, string> {
    return {
      RUNTIME_ENV: 'test',
      DATABASE_URL: this.db.url,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SECRETS_KEY: 'chaos-secrets-key-0123456789-abcdefghij',
      API_SHARED_SECRET: API_SECRET,
      GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
      ...discordEnv(this.discord, { DISCORD_GUILD_ID: TEAM }),
      // Posts are spread over a few channels; Discord's real global limit is not what is measured.
      DISCORD_GLOBAL_REQUESTS_PER_SECOND: '500',
      JOB_RETRY_BASE_SECONDS: '1',
      JOB_RETRY_MAX_SECONDS: '4',
      JOB_HEARTBEAT_SECONDS: '10',
      QUEUE_SUPERVISE_INTERVAL_SECONDS: '2',
      WORKER_SHUTDOWN_TIMEOUT_SECONDS: '5',
      READY_WORKER_HEARTBEAT_WINDOW_SECONDS: '30',
      ...extra,
    };
  }

  private migrate(env: Record<string, string>): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js'), 'migrate'], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let errors = '';
      child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`migrate exited ${code}: ${errors}`))));
    });
  }
}
