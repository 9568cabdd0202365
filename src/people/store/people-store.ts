import type { MappedPerson } from '../mapping/mapped-person';
import { personHash, searchText } from '../mapping/person-hash';
import type { Sql } from './sql';

export type SyncStatus = 'active' | 'missing_in_crm';

/** The CRMs people come from; a contact id is unique within its CRM only. */
export type CrmName = 'espocrm' | 'hubspot';

export interface StoreOutcome {
  created: number;
  changed: number;
  unchanged: number;
}

const UPSERT = `
INSERT INTO people (crm, crm_event_seq, crm_id, name, first_name, last_name, primary_email, other_emails, phone, discord_user_id,
       discord_username, github_username, linkedin, roles, seniority, skills, timezone, location,
       member_agreement_signed_at, id_verified_at, resumes, latest_resume, search_text, crm_created_at, crm_modified_at, record_hash)
SELECT $2, $3::bigint, p."crmId", p.name, p."firstName", p."lastName", p."primaryEmail",
       ARRAY(SELECT jsonb_array_elements_text(p."otherEmails")), p.phone, p."discordUserId", p."discordUsername",
       p."githubUsername", p.linkedin, ARRAY(SELECT jsonb_array_elements_text(p.roles)), p.seniority, p.skills,
       p.timezone, p.location, p."memberAgreementSignedAt", p."idVerifiedAt", p.resumes, p."latestResume", p."searchText",
       p."crmCreatedAt", p."crmModifiedAt", p.hash
  FROM jsonb_to_recordset($1::jsonb) AS p("crmId" text, name text, "firstName" text, "lastName" text,
       "primaryEmail" text, "otherEmails" jsonb, phone text, "discordUserId" text, "discordUsername" text,
       "githubUsername" text, linkedin text, roles jsonb, seniority text, skills jsonb, timezone text,
       location text, "memberAgreementSignedAt" timestamptz, "idVerifiedAt" timestamptz, resumes jsonb, "latestResume" jsonb,
       "searchText" text, "crmCreatedAt" timestamptz, "crmModifiedAt" timestamptz, hash text)
    ON CONFLICT (crm, crm_id) DO UPDATE SET
       name = EXCLUDED.name, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
       primary_email = EXCLUDED.primary_email, other_emails = EXCLUDED.other_emails, phone = EXCLUDED.phone,
       discord_user_id = EXCLUDED.discord_user_id, discord_username = EXCLUDED.discord_username,
       github_username = EXCLUDED.github_username, linkedin = EXCLUDED.linkedin, roles = EXCLUDED.roles,
       seniority = EXCLUDED.seniority, skills = EXCLUDED.skills, timezone = EXCLUDED.timezone,
       location = EXCLUDED.location, member_agreement_signed_at = EXCLUDED.member_agreement_signed_at,
       id_verified_at = EXCLUDED.id_verified_at,
       resumes = EXCLUDED.resumes, latest_resume = EXCLUDED.latest_resume, search_text = EXCLUDED.search_text,
       crm_created_at = EXCLUDED.crm_created_at, crm_modified_at = EXCLUDED.crm_modified_at,
       record_hash = EXCLUDED.record_hash, crm_event_seq = EXCLUDED.crm_event_seq, sync_status = 'active', missing_since = NULL,
       last_synced_at = now(), updated_at = now()
RETURNING (xmax = 0) AS inserted`;

/**
 * The `people` table, for the contacts of one CRM (`crm`). Writes only what changed: a page's stored
 * hashes are read first and only contacts that are new, changed or coming back from `missing_in_crm`
 * are upserted, so a sync of an unchanged CRM writes no row at all (not even a lock).
 */
export class PeopleStore {
  constructor(
    private readonly sql: Sql,
    private readonly crm: CrmName,
  ) {}

  /** `eventSeq`: the inbox seq of the event these people came from (event-fed CRMs), kept on written rows. */
  async store(people: MappedPerson[], eventSeq: string | null = null): Promise<StoreOutcome> {
    if (people.length === 0) return { created: 0, changed: 0, unchanged: 0 };
    const stored = await this.sql<{ crm_id: string; record_hash: string; sync_status: SyncStatus }>(
      'SELECT crm_id, record_hash, sync_status FROM people WHERE crm = $1 AND crm_id = ANY($2::text[])',
      [this.crm, people.map((person) => person.crmId)],
    );
    const known = new Map(stored.map((row) => [row.crm_id, row]));
    const rows = people
      .map((person) => ({ ...person, hash: personHash(person), searchText: searchText(person) }))
      .filter((row) => {
        const before = known.get(row.crmId);
        return !before || before.record_hash !== row.hash || before.sync_status !== 'active';
      });
    if (rows.length === 0) return { created: 0, changed: 0, unchanged: people.length };
    const written = await this.sql<{ inserted: boolean }>(UPSERT, [JSON.stringify(rows), this.crm, eventSeq]);
    const created = written.filter((row) => row.inserted).length;
    return { created, changed: written.length - created, unchanged: people.length - written.length };
  }

  /** Active people whose contact a complete run did not see: candidates for `missing_in_crm`. */
  async activeNotIn(crmIds: readonly string[]): Promise<string[]> {
    const rows = await this.sql<{ crm_id: string }>(
      `SELECT crm_id FROM people
        WHERE crm = $1 AND sync_status = 'active' AND NOT (crm_id = ANY($2::text[])) ORDER BY crm_id`,
      [this.crm, crmIds],
    );
    return rows.map((row) => row.crm_id);
  }

  /** Marks these contacts gone from the CRM (never deletes them); the number that changed state. */
  async markMissing(crmIds: readonly string[], eventSeq: string | null = null): Promise<number> {
    if (crmIds.length === 0) return 0;
    const rows = await this.sql<{ crm_id: string }>(
      `UPDATE people SET sync_status = 'missing_in_crm', missing_since = now(), updated_at = now(),
              crm_event_seq = $3::bigint
        WHERE crm = $1 AND crm_id = ANY($2::text[]) AND sync_status = 'active'
        RETURNING crm_id`,
      [this.crm, crmIds, eventSeq],
    );
    return rows.length;
  }
}
