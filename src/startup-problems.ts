import { EmbeddedPostgresProblem } from './platform/database/postgres-account';

/**
 * Failures at start that an operator fixes in the configuration: said in one line, without a
 * stack trace. Anything else keeps its stack.
 */
export function knownStartupProblem(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error instanceof EmbeddedPostgresProblem) return error.message;
  // discord.js, when GET /gateway/bot answers 401 at login.
  if ((error as { code?: unknown }).code === 'TokenInvalid') {
    return `Discord refused DISCORD_BOT_TOKEN (${error.message}); copy the token from the Bot page of your application in the Discord Developer Portal`;
  }
  return undefined;
}
