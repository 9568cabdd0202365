import { defineQueue } from '../../platform/queue/queue-definition';

export interface MemberAgreementJob {
  /** The stored webhook event (`docuseal.agreement.signed`) this came from. */
  eventId: string;
  /** The submitter's e-mail, as DocuSeal sent it. */
  email: string;
  /** When the form was completed (DocuSeal's `completed_at`, else the event's timestamp), as sent. */
  completedAt: string;
  templateId: string | null;
  submitterId: string | null;
}

/**
 * A signed member agreement written to its contact. `singleton`: two signatures of one person are
 * never written at once (the second would compare with a stale value).
 */
export const memberAgreementQueue = defineQueue<MemberAgreementJob>('people.member-agreement', {
  policy: 'singleton',
});
