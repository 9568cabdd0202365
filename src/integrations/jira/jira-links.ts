import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { JiraIssueRef } from './jira-client';

/** A record in another system that a Jira issue stands for: a PeopleForce task, say. */
export interface RecordRef {
  /** The source slug its events arrive on. */
  source: string;
  /** `task` for `peopleforce.task.updated`. */
  resourceType: string;
  externalId: string;
}

export interface JiraLink extends RecordRef {
  issueId: string;
  issueKey: string;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

const COLUMNS = `source, resource_type AS "resourceType", external_id AS "externalId", issue_id AS "issueId",
  issue_key AS "issueKey", created_at AS "createdAt", updated_at AS "updatedAt", completed_at AS "completedAt"`;

const WHERE_REF = 'source = $1 AND resource_type = $2 AND external_id = $3';
const refParams = (ref: RecordRef) => [ref.source, ref.resourceType, ref.externalId];

/** One record's link, read and written inside the transaction that holds the record's lock. */
export class LockedJiraLink {
  constructor(
    private readonly manager: EntityManager,
    readonly ref: RecordRef,
  ) {}

  async find(): Promise<JiraLink | undefined> {
    const [row] = await this.manager.query<JiraLink[]>(
      `SELECT ${COLUMNS} FROM jira_links WHERE ${WHERE_REF}`,
      refParams(this.ref),
    );
    return row;
  }

  /** Links the record to `issue` (a new issue replaces a forgotten one); updated_at marks the write. */
  async save(issue: JiraIssueRef): Promise<void> {
    await this.manager.query(
      `INSERT INTO jira_links (source, resource_type, external_id, issue_id, issue_key) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (source, resource_type, external_id) DO UPDATE
         SET issue_id = EXCLUDED.issue_id, issue_key = EXCLUDED.issue_key, updated_at = now(), completed_at = NULL`,
      [...refParams(this.ref), issue.id, issue.key],
    );
  }

  async touch(issueKey: string): Promise<void> {
    await this.manager.query(`UPDATE jira_links SET issue_key = $4, updated_at = now() WHERE ${WHERE_REF}`, [
      ...refParams(this.ref),
      issueKey,
    ]);
  }

  /** Jira no longer has the issue (404): the next create opens a new one. */
  async forget(): Promise<void> {
    await this.manager.query(`DELETE FROM jira_links WHERE ${WHERE_REF}`, refParams(this.ref));
  }

  async markCompleted(): Promise<void> {
    await this.manager.query(`UPDATE jira_links SET completed_at = now() WHERE ${WHERE_REF}`, refParams(this.ref));
  }
}

/**
 * `jira_links`: which Jira issue each record became. Writes for one record happen under its
 * advisory lock (`pg_advisory_xact_lock(hashtextextended(key, 0))`), held for the transaction
 * that also calls Jira, so a rule's job and a webhook's (or the sweep's) never create two issues
 * for one record or complete it twice. The one place that knows the table; the sync engine may
 * move the mapping onto its sync state behind the same methods.
 */
@Injectable()
export class JiraLinks {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  locked<T>(ref: RecordRef, work: (link: LockedJiraLink) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const key = `jira-link:${JSON.stringify([ref.source, ref.resourceType, ref.externalId])}`;
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
      return work(new LockedJiraLink(manager, ref));
    });
  }

  /** Links of these Jira issues (by Jira's issue id), not yet completed. */
  openByIssueIds(issueIds: string[]): Promise<JiraLink[]> {
    if (issueIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query<JiraLink[]>(
      `SELECT ${COLUMNS} FROM jira_links WHERE issue_id = ANY($1) AND completed_at IS NULL ORDER BY created_at`,
      [issueIds],
    );
  }
}
