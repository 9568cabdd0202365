export const ROLES = ['api', 'worker', 'bot'] as const;
export type Role = (typeof ROLES)[number];

export const COMMANDS = ['migrate', 'admin-link', 'register-commands', 'sync-people', 'reseal-secrets'] as const;
export type CommandName = (typeof COMMANDS)[number];

export type Command =
  /** `all` means "every role that is configured": the bot is left off without a token. */
  { kind: 'run'; roles: Role[]; all: boolean } | { kind: 'command'; name: CommandName } | { kind: 'help' };

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
const isCommand = (value: string): value is CommandName => (COMMANDS as readonly string[]).includes(value);

export function parseRoles(text: string): { roles: Role[]; all: boolean } {
  const words = text
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  if (words.length === 0) throw new UsageError(`No role given. Valid roles: ${ROLES.join(', ')}, all.`);
  if (words.includes('all')) {
    if (words.length > 1) throw new UsageError('"all" cannot be combined with other roles.');
    return { roles: [...ROLES], all: true };
  }
  const unknown = words.filter((w) => !isRole(w));
  if (unknown.length > 0) {
    throw new UsageError(
      `Unknown role or command "${unknown.join(', ')}". Valid roles: ${ROLES.join(', ')}, all (or a comma list such as api,worker). Commands: ${COMMANDS.join(', ')}.`,
    );
  }
  return { roles: ROLES.filter((role) => words.includes(role)), all: false };
}

/** Reads `node dist/main.js [roles|command] [--help]`, falling back to ROLES, then to all. */
export function parseCommand(argv: string[], env: NodeJS.ProcessEnv): Command {
  const args = argv.filter((a) => a.length > 0);
  if (args.some((a) => a === '--help' || a === '-h' || a === 'help')) return { kind: 'help' };
  const flags = args.filter((a) => a.startsWith('-'));
  if (flags.length > 0) throw new UsageError(`Unknown option ${flags[0]}. Run with --help for usage.`);
  if (args.length > 1) throw new UsageError(`Expected one roles argument or command, got: ${args.join(' ')}`);
  const [word] = args;
  if (word !== undefined && isCommand(word)) return { kind: 'command', name: word };
  if (word !== undefined) return { kind: 'run', ...parseRoles(word) };
  if (env.ROLES?.trim()) return { kind: 'run', ...parseRoles(env.ROLES) };
  return { kind: 'run', roles: [...ROLES], all: true };
}

export const HELP_TEXT = `Switchyard: webhooks in, jobs through, Discord out.

Usage: node dist/main.js [roles | command]

Roles (run until stopped; a comma list runs several in one process):
  api       HTTP server: webhook ingest, jobs API, health; runs migrations at start
  worker    job handlers and schedules (pg-boss)
  bot       Discord gateway and slash commands (needs DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID)
  all       every role; without DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID the bot is left off (default)
  The ROLES environment variable is used when no argument is given.

Commands (run once and exit):
  migrate     apply pending database migrations and exit
  admin-link  print a one-time admin sign-in link (local runs without OIDC)
  register-commands
              register the bot's slash commands with Discord (DISCORD_GUILD_ID: that server
              only, else globally) without connecting to the gateway, and exit
  sync-people one full sync of EspoCRM contacts into the people cache, with a progress bar
              and a summary (needs ESPO_BASE_URL and ESPO_API_KEY); exits 1 when it fails
  reseal-secrets
              seal every stored secret again with the newest key of SECRETS_KEY (after a
              rotation to SECRETS_KEY=new,old), print progress and a summary, and exit

Options:
  --help    print this text

Configuration comes from the environment; see .env.example for every variable.
With no DATABASE_URL (and RUNTIME_ENV=local) an embedded PostgreSQL is started under ./data/postgres.
`;
