import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PermanentJobError } from '../../platform/queue/queue-job';
import { loadFormattableEvent } from '../../routing/rule-store/formattable-event';
import { asJobError } from '../http/job-errors';
import { ServiceRefusedError } from '../http/service-errors';
import { IntegrationClients } from '../integration-clients';
import { JiraClient, JiraIssueFields } from './jira-client';
import { issueFieldsOf, recordRefOf } from './jira-issue-content';
import type { JiraIssuePayload } from './jira-issue.queue';
import { JiraLink, JiraLinks, RecordRef } from './jira-links';

export interface JiraIssueResult extends RecordRef {
  /** `none`: jira.update found no linked issue; `forgotten`: Jira no longer had it (404). */
  outcome: 'created' | 'recreated' | 'updated' | 'forgotten' | 'none';
  issueKey?: string;
  transitioned?: string;
}

const isNotFound = (error: unknown) => error instanceof ServiceRefusedError && error.status === 404;
const describe = (ref: RecordRef) => `${ref.source} ${ref.resourceType} ${ref.externalId}`;

/**
 * What jira.create and jira.update do for one event: find the record's issue (jira_links), update
 * it, or create one when there is none or Jira no longer has it (404 forgets the link). All of it
 * under the record's lock, so two events of one record never open two issues.
 */
@Injectable()
export class JiraIssueWriter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: IntegrationClients,
    private readonly links: JiraLinks,
  ) {}

  async write({ eventId, mode, params }: JiraIssuePayload, signal: AbortSignal): Promise<JiraIssueResult> {
    const jira = this.clients.jira();
    const event = await loadFormattableEvent(this.dataSource, eventId).catch(() => {
      throw new PermanentJobError(`Webhook event ${eventId} does not exist (pruned?)`);
    });
    const ref = await recordRefOf(event, params);
    const fields = await issueFieldsOf(event, params);
    return this.links.locked(ref, async (link) => {
      const existing = await link.find();
      if (existing) {
        if (await this.update(jira, existing, fields, signal)) {
          await link.touch(existing.issueKey);
          const transitioned =
            mode === 'update' && params.transition
              ? await this.transition(jira, existing.issueKey, params.transition, signal)
              : undefined;
          return { ...ref, outcome: 'updated', issueKey: existing.issueKey, ...(transitioned ? { transitioned } : {}) };
        }
        await link.forget();
        if (mode === 'update') return { ...ref, outcome: 'forgotten', issueKey: existing.issueKey };
      } else if (mode === 'update') {
        return { ...ref, outcome: 'none' };
      }
      const created = await jira
        .createIssue(
          { projectKey: params.project!, issueType: params.type ?? 'Task', summary: fields.summary!, ...fields },
          signal,
        )
        .catch((error: unknown) => {
          throw asJobError(error, `create an issue in project ${params.project} for ${describe(ref)}`);
        });
      await link.save(created);
      return { ...ref, outcome: existing ? 'recreated' : 'created', issueKey: created.key };
    });
  }

  /** Whether Jira still has the issue (it was updated); false on 404. */
  private async update(
    jira: JiraClient,
    link: JiraLink,
    fields: JiraIssueFields,
    signal: AbortSignal,
  ): Promise<boolean> {
    try {
      if (Object.keys(fields).length === 0)
        return (await jira.getIssue(link.issueId, ['status'], signal)) !== undefined;
      await jira.updateIssue(link.issueId, fields, signal);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw asJobError(error, `update ${link.issueKey}`);
    }
  }

  /** Moves the issue through the transition named (or the one leading to the status named); its name. */
  private async transition(
    jira: JiraClient,
    key: string,
    wanted: string,
    signal: AbortSignal,
  ): Promise<string | undefined> {
    const name = wanted.trim().toLowerCase();
    try {
      const issue = await jira.getIssue(key, ['status'], signal);
      if (issue?.fields.status?.name?.toLowerCase() === name) return undefined;
      const offered = await jira.transitions(key, signal);
      const match =
        offered.find((t) => t.name.toLowerCase() === name) ?? offered.find((t) => t.to?.name?.toLowerCase() === name);
      if (!match) {
        throw new PermanentJobError(
          `Jira offers no transition "${wanted}" for ${key} now; it offers: ${offered.map((t) => t.name).join(', ') || 'none'}`,
        );
      }
      await jira.transition(key, match.id, signal);
      return match.name;
    } catch (error) {
      throw asJobError(error, `move ${key} through "${wanted}"`);
    }
  }
}
