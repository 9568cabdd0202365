import { IncomingDelivery, MalformedDeliveryError } from '../webhook-provider';
import { GcalProvider } from './gcal.provider';

const provider = new GcalProvider();
const source = (...secrets: string[]) => ({ slug: 'calendar', secrets, settings: {} });
const CHANNEL = '01234567-89ab-cdef-0123456789ab';
const RESOURCE_URI = 'https://www.googleapis.com/calendar/v3/calendars/team%40example.com/events?alt=json';

/** A notification as Google sends it: headers only, no body, no content type. */
function notification(state: string, messageNumber: string, headers: Record<string, string> = {}): IncomingDelivery {
  return {
    method: 'POST',
    url: '/webhooks/calendar',
    headers: {
      'content-length': '0',
      'x-goog-channel-id': CHANNEL,
      'x-goog-channel-token': 'channel-token-1',
      'x-goog-channel-expiration': 'Tue, 11 Mar 2025 10:00:00 GMT',
      'x-goog-resource-id': 'ret08u3rv24htgh289g',
      'x-goog-resource-uri': RESOURCE_URI,
      'x-goog-resource-state': state,
      'x-goog-message-number': messageNumber,
      ...headers,
    },
    body: Buffer.alloc(0),
    receivedAt: new Date(),
  };
}

describe('GcalProvider', () => {
  it('accepts any content type, or none', () => {
    expect(() => provider.assertContentType(undefined)).not.toThrow();
    expect(() => provider.assertContentType('text/plain')).not.toThrow();
  });

  it('compares the channel token with each secret', () => {
    expect(provider.verify(notification('sync', '1'), source('channel-token-1'))).toEqual({
      ok: true,
      method: 'channel-token',
      secretIndex: 0,
    });
    expect(provider.verify(notification('exists', '2'), source('channel-token-2', 'channel-token-1'))).toMatchObject({
      ok: true,
      secretIndex: 1,
    });
  });

  it('refuses a wrong or missing token', () => {
    expect(provider.verify(notification('exists', '2'), source('other-token'))).toEqual({
      ok: false,
      reason: 'X-Goog-Channel-Token matches no configured secret',
    });
    expect(provider.verify(notification('exists', '2', { 'x-goog-channel-token': '' }), source('t'))).toEqual({
      ok: false,
      reason: 'Missing X-Goog-Channel-Token header (set a token in the watch request)',
    });
  });

  it('records the sync handshake and later changes, one delivery id per message number', () => {
    expect(provider.parse(notification('sync', '1'))).toEqual([
      {
        deliveryId: `${CHANNEL}:1`,
        eventType: 'gcal.channel.sync',
        providerEventType: 'sync',
        body: JSON.stringify({
          channelId: CHANNEL,
          resourceState: 'sync',
          messageNumber: '1',
          resourceId: 'ret08u3rv24htgh289g',
          resourceUri: RESOURCE_URI,
          channelExpiration: 'Tue, 11 Mar 2025 10:00:00 GMT',
        }),
        description: `Google Calendar team@example.com: sync handshake (channel ${CHANNEL})`,
      },
    ]);
    expect(provider.parse(notification('exists', '2'))[0]).toMatchObject({
      deliveryId: `${CHANNEL}:2`,
      eventType: 'gcal.event.changed',
      description: `Google Calendar team@example.com: events changed (channel ${CHANNEL})`,
    });
    expect(provider.parse(notification('not_exists', '3'))[0]!.eventType).toBe('gcal.event.deleted');
  });

  it('never stores the channel token', () => {
    expect(provider.parse(notification('exists', '2'))[0]!.body).not.toContain('channel-token-1');
  });

  it('refuses a notification without its channel, state or message number', () => {
    expect(() => provider.parse(notification('exists', ''))).toThrow(
      new MalformedDeliveryError('Missing X-Goog-Message-Number header'),
    );
    expect(() => provider.parse(notification('exists', 'two'))).toThrow('X-Goog-Message-Number is not a number');
    expect(() => provider.parse(notification('', '4'))).toThrow('Missing X-Goog-Resource-State header');
  });
});
