import { EspoRequestError, EspoUnavailableError } from '../../../../people/crm/espo-error';
import { CrmNotConfiguredError } from '../../../../people/sync/sync-errors';
import { UserFacingError } from '../../interactions/bot-reply';

/**
 * A call to EspoCRM (a write, or a read a command needs) whose refusal (4xx with EspoCRM's reason), outage or missing configuration is
 * told to the admin as it is, prefixed with what it means for them.
 */
export async function crmWrite<T>(prefix: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (
      error instanceof EspoRequestError ||
      error instanceof EspoUnavailableError ||
      error instanceof CrmNotConfiguredError
    ) {
      throw new UserFacingError(`${prefix}: ${error.message}`);
    }
    throw error;
  }
}
