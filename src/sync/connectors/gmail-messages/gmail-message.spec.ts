import { readHistoryPage, readWatch } from './gmail-answers';
import { messageEvent, messageTitle } from './gmail-message';
import { gmailSettingsProblems, parseGmailSettings } from './gmail-messages-settings';

describe('Gmail messages as events', () => {
  const signed = {
    id: '18c0a1',
    threadId: '18c0a0',
    labelIds: ['INBOX', 'UNREAD'],
    snippet: 'See the contract',
    internalDate: '1733500800000',
    sizeEstimate: 91234,
    payload: {
      mimeType: 'multipart/signed',
      headers: [
        { name: 'From', value: 'Ada <ada@example.com>' },
        { name: 'to', value: 'ops@acme.example' },
        { name: 'CC', value: 'legal@acme.example' },
        { name: 'Subject', value: 'Contract' },
        { name: 'Message-Id', value: '<abc@example.com>' },
      ],
      parts: [
        {
          mimeType: 'multipart/mixed',
          filename: '',
          parts: [
            { mimeType: 'text/plain', filename: '', body: { size: 120 } },
            { mimeType: 'application/pdf', filename: 'contract.pdf', body: { size: 80000 } },
          ],
        },
        { mimeType: 'application/pkcs7-signature', filename: 'smime.p7s', body: { size: 4000 } },
      ],
    },
  };

  it('keeps headers (any spelling), the snippet and nested attachment names, never bodies', () => {
    const event = messageEvent(signed, 'ops@acme.example');
    expect(event).toEqual({
      id: '18c0a1',
      threadId: '18c0a0',
      mailbox: 'ops@acme.example',
      labelIds: ['INBOX', 'UNREAD'],
      from: 'Ada <ada@example.com>',
      to: 'ops@acme.example',
      cc: 'legal@acme.example',
      subject: 'Contract',
      date: null,
      messageId: '<abc@example.com>',
      snippet: 'See the contract',
      receivedAt: '2024-12-06T16:00:00.000Z',
      sizeEstimate: 91234,
      attachments: [
        { filename: 'contract.pdf', mimeType: 'application/pdf', size: 80000 },
        { filename: 'smime.p7s', mimeType: 'application/pkcs7-signature', size: 4000 },
      ],
    });
    expect(messageTitle(event)).toBe('Contract — Ada <ada@example.com>');
  });

  it('refuses what is not a message or a history page, saying what is wrong', () => {
    expect(() => messageEvent({ snippet: 'x' }, 'a@b.c')).toThrow('not a message (no id)');
    expect(() => readHistoryPage({ history: {}, historyId: '1' })).toThrow('has no history list');
    expect(() => readHistoryPage({ history: [{ messagesAdded: [{ message: {} }] }], historyId: '1' })).toThrow(
      'an added message without a usable id',
    );
    expect(() => readHistoryPage({})).toThrow('has no historyId');
    expect(readHistoryPage({ historyId: '99' })).toEqual({ added: [], nextPageToken: undefined, historyId: '99' });
    expect(() => readWatch({ historyId: '5' })).toThrow('a watch without an expiration');
  });

  it('lists every problem with the settings and fills in the defaults', () => {
    expect(gmailSettingsProblems({ mailbox: 'ops@acme.example' })).toEqual([]);
    expect(gmailSettingsProblems({ labelIds: [], attachmentNames: 'yes', topicName: 'x', fullSyncLimit: -1 })).toEqual([
      'mailbox is required: the e-mail address of the mailbox to read, such as ops@example.com',
      'labelIds must be a list of 1 to 10 Gmail label ids such as ["INBOX", "Label_12"]',
      'topicName must be a Pub/Sub topic such as projects/my-project/topics/gmail-push',
      'fullSyncLimit must be a whole number from 0 to 500',
      'attachmentNames must be true or false',
    ]);
    expect(parseGmailSettings({ mailbox: 'ops@acme.example' })).toMatchObject({
      labelIds: ['INBOX'],
      fullSyncLimit: 100,
      attachmentNames: true,
    });
  });
});
