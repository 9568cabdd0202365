import { ServiceClient } from '../../integrations/http/service-client';

export interface WatchRequest {
  id: string;
  type: 'web_hook';
  address: string;
  token: string;
  /** Milliseconds since the epoch, as a string (Google's format). */
  expiration: string;
}

export interface OpenedChannel {
  id: string;
  resourceId: string;
  resourceUri?: string;
  expiration: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Google's own reason in `{"error": {"message"}}`. */
const reasonOf = (body: unknown): string | undefined =>
  isObject(body) && isObject(body.error) && typeof body.error.message === 'string' ? body.error.message : undefined;

/** Calendar v3 push channels: `events.watch` and `channels.stop`, with the source's bearer token. */
export class CalendarWatchApi {
  private readonly client: ServiceClient;

  constructor(apiUrl: string, accessToken: string) {
    this.client = new ServiceClient({
      service: 'Google Calendar',
      baseUrl: apiUrl,
      headers: { authorization: `Bearer ${accessToken}` },
      reasonOf,
    });
  }

  async watch(calendarId: string, request: WatchRequest, signal?: AbortSignal): Promise<OpenedChannel> {
    const { body } = await this.client.request('POST', `/calendars/${encodeURIComponent(calendarId)}/events/watch`, {
      json: request,
      signal,
    });
    const answer = isObject(body) ? body : {};
    const expiration = Number(answer.expiration);
    if (typeof answer.resourceId !== 'string' || !Number.isFinite(expiration)) {
      throw new Error('Google Calendar answered events.watch without a resourceId or an expiration');
    }
    return {
      id: typeof answer.id === 'string' ? answer.id : request.id,
      resourceId: answer.resourceId,
      resourceUri: typeof answer.resourceUri === 'string' ? answer.resourceUri : undefined,
      expiration,
    };
  }

  async stop(channel: { id: string; resourceId: string }, signal?: AbortSignal): Promise<void> {
    await this.client.request('POST', '/channels/stop', {
      json: { id: channel.id, resourceId: channel.resourceId },
      signal,
    });
  }
}
