import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { MappedPerson } from '../mapping/mapped-person';
import type { CrmName } from '../store/people-store';

/** A person as the cache holds it: the mapped contact (with dates as dates) and its sync bookkeeping. */
export interface PersonView
  extends Omit<MappedPerson, 'memberAgreementSignedAt' | 'idVerifiedAt' | 'crmCreatedAt' | 'crmModifiedAt'> {
  id: string;
  /** Which CRM the person comes from; `crmId` is the contact's id there. */
  crm: CrmName;
  memberAgreementSignedAt: Date | null;
  idVerifiedAt: Date | null;
  syncStatus: 'active' | 'missing_in_crm';
  missingSince: Date | null;
  crmModifiedAt: Date | null;
  lastSyncedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export interface PeopleSearch {
  q?: string;
  status?: 'active' | 'missing_in_crm';
  crm?: CrmName;
  limit?: number;
  offset?: number;
}

const COLUMNS = `id, crm, crm_id AS "crmId", name, first_name AS "firstName", last_name AS "lastName",
  primary_email AS "primaryEmail", other_emails AS "otherEmails", phone, discord_user_id AS "discordUserId",
  discord_username AS "discordUsername", github_username AS "githubUsername", linkedin, roles, seniority, skills,
  timezone, location, member_agreement_signed_at AS "memberAgreementSignedAt",
  id_verified_at AS "idVerifiedAt", resumes,
  latest_resume AS "latestResume", sync_status AS "syncStatus", missing_since AS "missingSince",
  crm_modified_at AS "crmModifiedAt", last_synced_at AS "lastSyncedAt", created_at AS "createdAt",
  updated_at AS "updatedAt"`;

/** `%`, `_` and `\` match themselves. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Reading the people cache (every CRM's people): search by name, e-mail, Discord or GitHub name,
 * skill or role (every word must appear), by status and CRM, and one person by id.
 */
@Injectable()
export class PeopleDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async search({
    q,
    status,
    crm,
    limit = 50,
    offset = 0,
  }: PeopleSearch): Promise<{ people: PersonView[]; total: number }> {
    const words = (q ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 10);
    const params: unknown[] = [];
    const where: string[] = [];
    for (const word of words) {
      params.push(`%${likeEscape(word)}%`);
      where.push(`search_text LIKE $${params.length}`);
    }
    if (status) {
      params.push(status);
      where.push(`sync_status = $${params.length}`);
    }
    if (crm) {
      params.push(crm);
      where.push(`crm = $${params.length}`);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query<[{ total: number }]>(
      `SELECT count(*)::int AS total FROM people ${clause}`,
      params,
    );
    const people = await this.dataSource.query<PersonView[]>(
      `SELECT ${COLUMNS} FROM people ${clause} ORDER BY lower(name) NULLS LAST, id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { people, total };
  }

  async get(id: string): Promise<PersonView> {
    const [person] = await this.dataSource.query<PersonView[]>(`SELECT ${COLUMNS} FROM people WHERE id = $1`, [id]);
    if (!person) throw new NotFoundException(`No person ${id}`);
    return person;
  }

  /** The person a CRM contact is cached as, if any (e.g. the contact a resume was extracted for). */
  async findByCrmId(crm: CrmName, crmId: string): Promise<PersonView | null> {
    const [person] = await this.dataSource.query<PersonView[]>(
      `SELECT ${COLUMNS} FROM people WHERE crm = $1 AND crm_id = $2`,
      [crm, crmId],
    );
    return person ?? null;
  }
}
