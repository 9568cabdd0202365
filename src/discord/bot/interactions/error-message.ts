import { HttpException } from '@nestjs/common';
import { isDatabaseUnavailable } from '../../../platform/database/database-unavailable';
import { UserFacingError } from './bot-reply';

const MAX = 1800;

/**
 * The short text a person sees for a failed command: the reason for problems they can act on
 * (validation, not found, conflict) or wait out (the database unreachable), nothing of the internals otherwise.
 */
export function userMessage(error: unknown): string | undefined {
  if (error instanceof UserFacingError) return clip(error.message);
  if (isDatabaseUnavailable(error)) return "Switchyard's database cannot be reached right now; try again in a minute.";
  if (error instanceof HttpException && error.getStatus() < 500) {
    const response = error.getResponse();
    if (typeof response === 'string') return clip(response);
    const message = (response as { message?: unknown }).message;
    if (Array.isArray(message)) return clip(message.join('; '));
    if (typeof message === 'string') return clip(message);
    return clip(error.message);
  }
  return undefined;
}

const clip = (text: string) => (text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text);
