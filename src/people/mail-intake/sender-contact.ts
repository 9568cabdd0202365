import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * The CRM contact a sender's address belongs to, from the people cache: the one active person
 * holding it as primary or other e-mail (any case). Nobody, or several people: none (the resume is
 * then extracted without a contact, and the record says why).
 */
@Injectable()
export class SenderContact {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(address: string): Promise<{ crmId: string } | { crmId: null; note: string }> {
    const rows = await this.dataSource.query<{ crm_id: string }[]>(
      `SELECT crm_id FROM people
        WHERE sync_status = 'active'
          AND (lower(primary_email) = lower($1) OR EXISTS (SELECT 1 FROM unnest(other_emails) e WHERE lower(e) = lower($1)))
        LIMIT 2`,
      [address],
    );
    if (rows.length === 1) return { crmId: rows[0]!.crm_id };
    return {
      crmId: null,
      note: rows.length === 0 ? 'no person in the people cache has this address' : 'several people have this address',
    };
  }
}
