import { BadRequestException } from '@nestjs/common';
import type { ParsedEvent } from '../providers/webhook-provider';

const NUL = '\u0000';

/**
 * PostgreSQL's text and jsonb cannot hold U+0000. A body keeps it as the JSON escape `\u0000`
 * (stored faithfully, as text); the one-line description is ours to show, so it gets U+FFFD
 * instead; an id or type carrying it cannot be stored as given, and is refused with the reason.
 * For every provider, so no provider has to remember.
 */
export function assertStorable(events: ParsedEvent[]): void {
  events.forEach((event, index) => {
    const which = events.length > 1 ? `event ${index} of the delivery` : 'the delivery';
    for (const [name, value] of [
      ['delivery id', event.deliveryId],
      ['event type', event.eventType],
      ['event type', event.providerEventType],
      ['body', event.body],
    ] as const) {
      if (value.includes(NUL)) {
        throw new BadRequestException(
          `The ${name} of ${which} contains the character U+0000 (NUL), which cannot be stored`,
        );
      }
    }
    if (event.description.includes(NUL)) event.description = event.description.replaceAll(NUL, '\uFFFD');
  });
}
