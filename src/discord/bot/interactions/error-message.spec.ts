import { NotFoundException } from '@nestjs/common';
import { Client } from 'pg';
import { freePort } from '../../../../test/support/free-port';
import { userMessage } from './error-message';

describe('userMessage', () => {
  it('says the database cannot be reached when a real connection is refused', async () => {
    const client = new Client({ host: '127.0.0.1', port: await freePort(), connectionTimeoutMillis: 2000 });
    const refused = await client.connect().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(userMessage(refused)).toBe("Switchyard's database cannot be reached right now; try again in a minute.");
  });

  it('passes on the reason of a refusal the person can act on, and hides internals', () => {
    expect(userMessage(new NotFoundException('No job 123'))).toBe('No job 123');
    expect(userMessage(new Error('column "x" does not exist'))).toBeUndefined();
  });
});
