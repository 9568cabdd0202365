import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EspoClient } from '../crm/espo-client';

export type ContactMatch =
  | { found: 'one'; crmId: string; via: 'people cache' | 'EspoCRM search' }
  | { found: 'none' }
  | { found: 'several'; crmIds: string[]; via: 'people cache' | 'EspoCRM search' };

/**
 * The contact an e-mail belongs to: active people in the cache first (primary or other e-mails,
 * case-insensitive), else EspoCRM's own search by `emailAddress` (a contact not synced yet).
 * Several contacts with the address are reported, never guessed between.
 */
@Injectable()
export class ContactByEmail {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(email: string, espo: EspoClient, signal?: AbortSignal): Promise<ContactMatch> {
    const address = email.trim().toLowerCase();
    const rows = await this.dataSource.query<{ crm_id: string }[]>(
      `SELECT crm_id FROM people
        WHERE crm = 'espocrm' AND sync_status = 'active'
          AND (lower(primary_email) = $1 OR EXISTS (SELECT 1 FROM unnest(other_emails) e WHERE lower(e) = $1))
        ORDER BY crm_id LIMIT 5`,
      [address],
    );
    if (rows.length === 1) return { found: 'one', crmId: rows[0]!.crm_id, via: 'people cache' };
    if (rows.length > 1) return { found: 'several', crmIds: rows.map((r) => r.crm_id), via: 'people cache' };
    const page = await espo.list<{ id: string }>(
      'Contact',
      { where: [{ type: 'equals', attribute: 'emailAddress', value: email.trim() }], select: ['id'], maxSize: 5 },
      signal,
    );
    if (page.list.length === 1) return { found: 'one', crmId: page.list[0]!.id, via: 'EspoCRM search' };
    if (page.list.length > 1) return { found: 'several', crmIds: page.list.map((c) => c.id), via: 'EspoCRM search' };
    return { found: 'none' };
  }
}
