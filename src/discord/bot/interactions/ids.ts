import { isUUID } from 'class-validator';
import { UserFacingError } from './bot-reply';

/** A UUID typed into a command option, or an error saying what was expected. */
export function uuidOption(value: string, what: string): string {
  const id = value.trim().toLowerCase();
  if (!isUUID(id))
    throw new UserFacingError(
      `"${value.trim()}" is not a ${what} id: ${what} ids look like 0b6c7f3e-5d1a-4a8e-9f3c-2f0d8c1b7a65`,
    );
  return id;
}
