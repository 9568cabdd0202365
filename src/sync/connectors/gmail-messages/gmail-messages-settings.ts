export interface GmailMessagesSettings {
  /** The mailbox read (the delegated user): the `userId` in every call, and what Gmail's pushes name. */
  mailbox: string;
  /** Only messages arriving with one of these labels are events (`INBOX` unless set). */
  labelIds: string[];
  /** The Pub/Sub topic `users.watch` publishes to; no watch without one. */
  topicName?: string;
  /**
   * How many of the newest messages per label a full sync reads (a first run, or Gmail forgot the
   * history id); 0: none, it only records where the mailbox is.
   */
  fullSyncLimit: number;
  /** Read attachment names from the message's parts (`format=full` cut to names and sizes, never the bodies). */
  attachmentNames: boolean;
}

const KNOWN = ['mailbox', 'labelIds', 'topicName', 'fullSyncLimit', 'attachmentNames'];
const EMAIL = /^[^@\s]{1,64}@[^@\s]{1,255}$/;
const LABEL = /^[A-Za-z0-9_-]{1,100}$/;
const TOPIC = /^projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/topics\/[A-Za-z][A-Za-z0-9._~+%-]{2,254}$/;
const MAX_LABELS = 10;
const MAX_FULL_SYNC = 500;

/** What is wrong with a gmail-messages source's settings, one sentence each. */
export function gmailSettingsProblems(settings: Record<string, unknown>): string[] {
  const problems = Object.keys(settings)
    .filter((key) => !KNOWN.includes(key))
    .map((key) => `gmail-messages has no setting "${key}"; its settings: ${KNOWN.join(', ')}`);
  const { mailbox, labelIds, topicName, fullSyncLimit, attachmentNames } = settings;
  if (typeof mailbox !== 'string' || !EMAIL.test(mailbox)) {
    problems.push('mailbox is required: the e-mail address of the mailbox to read, such as ops@example.com');
  }
  if (
    labelIds !== undefined &&
    !(
      Array.isArray(labelIds) &&
      labelIds.length >= 1 &&
      labelIds.length <= MAX_LABELS &&
      labelIds.every((l) => typeof l === 'string' && LABEL.test(l))
    )
  ) {
    problems.push(`labelIds must be a list of 1 to ${MAX_LABELS} Gmail label ids such as ["INBOX", "Label_12"]`);
  }
  if (topicName !== undefined && (typeof topicName !== 'string' || !TOPIC.test(topicName))) {
    problems.push('topicName must be a Pub/Sub topic such as projects/my-project/topics/gmail-push');
  }
  const limitOk =
    typeof fullSyncLimit === 'number' &&
    Number.isInteger(fullSyncLimit) &&
    fullSyncLimit >= 0 &&
    fullSyncLimit <= MAX_FULL_SYNC;
  if (fullSyncLimit !== undefined && !limitOk) {
    problems.push(`fullSyncLimit must be a whole number from 0 to ${MAX_FULL_SYNC}`);
  }
  if (attachmentNames !== undefined && typeof attachmentNames !== 'boolean') {
    problems.push('attachmentNames must be true or false');
  }
  return problems;
}

/** The settings with their defaults; only after gmailSettingsProblems found nothing. */
export const parseGmailSettings = (settings: Record<string, unknown>): GmailMessagesSettings => ({
  mailbox: settings.mailbox as string,
  labelIds: [...new Set((settings.labelIds as string[] | undefined) ?? ['INBOX'])],
  topicName: settings.topicName as string | undefined,
  fullSyncLimit: (settings.fullSyncLimit as number | undefined) ?? 100,
  attachmentNames: (settings.attachmentNames as boolean | undefined) ?? true,
});
