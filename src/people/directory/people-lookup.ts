import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PersonResume, PersonSkill } from '../mapping/mapped-person';
import type { CrmName } from '../store/people-store';

/** What the Discord commands show of a person. */
export interface PersonCard {
  id: string;
  /** Which CRM the person comes from; `crmId` is the contact's id there. */
  crm: CrmName;
  crmId: string;
  name: string | null;
  primaryEmail: string | null;
  discordUserId: string | null;
  discordUsername: string | null;
  roles: string[];
  seniority: string | null;
  skills: PersonSkill[];
  /** The newest attachment in the contact's resume field, in EspoCRM. */
  latestResume: PersonResume | null;
}

export interface MemberSearch {
  /** Words that must all appear in a name, e-mail, Discord or GitHub name (lower-cased). */
  words: string[];
  /** Skill names (lower-cased) a person must all hold. */
  skills: string[];
  /** A Discord user id (from a mention): that linked person. */
  discordUserId?: string;
  limit: number;
}

export interface PeopleCounts {
  active: number;
  missing: number;
  /** Of the active, those from HubSpot. */
  hubspot: number;
}

const COLUMNS = `id, crm, crm_id AS "crmId", name, primary_email AS "primaryEmail", discord_user_id AS "discordUserId",
  discord_username AS "discordUsername", roles, seniority, skills, latest_resume AS "latestResume"`;

/** `%`, `_` and `\` match themselves. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Looking people up for the team (the Discord read commands): active people only, by words, by
 * skills they hold (strongest first), by their linked Discord user; and the cache's counts.
 */
@Injectable()
export class PeopleLookup {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find({ words, skills, discordUserId, limit }: MemberSearch): Promise<{ people: PersonCard[]; total: number }> {
    const params: unknown[] = [];
    const where = [`sync_status = 'active'`];
    for (const word of words) {
      params.push(`%${likeEscape(word)}%`);
      where.push(`search_text LIKE $${params.length}`);
    }
    if (discordUserId) {
      params.push(discordUserId);
      where.push(`discord_user_id = $${params.length}`);
    }
    let rank = '';
    if (skills.length > 0) {
      params.push(skills);
      const wanted = `$${params.length}::text[]`;
      where.push(`(SELECT count(DISTINCT lower(s->>'name')) FROM jsonb_array_elements(skills) s
                    WHERE lower(s->>'name') = ANY(${wanted})) = cardinality(${wanted})`);
      rank = `(SELECT coalesce(sum((s->>'strength')::numeric), 0) FROM jsonb_array_elements(skills) s
                WHERE lower(s->>'name') = ANY(${wanted}) AND jsonb_typeof(s->'strength') = 'number') DESC, `;
    }
    const clause = `WHERE ${where.join(' AND ')}`;
    const [{ total }] = await this.dataSource.query<[{ total: number }]>(
      `SELECT count(*)::int AS total FROM people ${clause}`,
      params,
    );
    const people = await this.dataSource.query<PersonCard[]>(
      `SELECT ${COLUMNS} FROM people ${clause} ORDER BY ${rank}lower(name) NULLS LAST, id LIMIT $${params.length + 1}`,
      [...params, limit],
    );
    return { people, total };
  }

  /** Which of these Discord user ids an active person is linked to. */
  async linkedDiscordIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT DISTINCT discord_user_id AS id FROM people
        WHERE sync_status = 'active' AND discord_user_id = ANY($1::text[])`,
      [ids],
    );
    return new Set(rows.map((row) => row.id));
  }

  async counts(): Promise<PeopleCounts> {
    const [row] = await this.dataSource.query<[PeopleCounts]>(
      `SELECT count(*) FILTER (WHERE sync_status = 'active')::int AS active,
              count(*) FILTER (WHERE sync_status = 'missing_in_crm')::int AS missing,
              count(*) FILTER (WHERE sync_status = 'active' AND crm = 'hubspot')::int AS hubspot
         FROM people`,
    );
    return row;
  }
}
