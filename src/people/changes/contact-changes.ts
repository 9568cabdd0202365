import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { EspoClients } from '../crm/espo-clients';
import type { EspoRecord } from '../crm/espo-client';
import { espoDate } from '../mapping/field-values';
import { mapContact } from '../mapping/map-contact';
import type { MappedPerson } from '../mapping/mapped-person';
import { PeopleStore } from '../store/people-store';
import { runnerSql } from '../store/sql';
import { type ContactEdit, type EditableField, editAttributes, mappedValue } from './contact-edits';

export interface FieldChange {
  field: EditableField;
  before: string | string[] | null;
  after: string | string[] | null;
  changed: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** EspoCRM's datetime format: `YYYY-MM-DD HH:mm:ss`, UTC. */
const espoDateTime = (date: Date) => date.toISOString().slice(0, 19).replace('T', ' ');

/**
 * Admin changes to one contact: written to EspoCRM through its API (which no transaction of ours can
 * cover), then the contact is read back, so the answer and the people cache show what EspoCRM really
 * holds. The cache write joins the caller's ambient transaction, to commit with its audit event.
 * EspoCRM errors (EspoRequestError, EspoUnavailableError, CrmNotConfiguredError) reach the caller.
 */
@Injectable()
export class ContactChanges {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clients: EspoClients,
  ) {}

  /** Writes the edits in one update; each field before and after, as EspoCRM holds it. */
  async update(crmId: string, edits: ContactEdit[]): Promise<{ person: MappedPerson; changes: FieldChange[] }> {
    const espo = this.clients.client();
    const { fields } = this.config.crm;
    const contact = await espo.read('Contact', crmId);
    const before = mapContact(contact, fields);
    await espo.update('Contact', crmId, editAttributes(edits, contact, fields));
    const person = mapContact(await espo.read('Contact', crmId), fields);
    const changes = edits.map(({ field }) => {
      const was = mappedValue(before, field);
      const now = mappedValue(person, field);
      return { field, before: was, after: now, changed: !same(was, now) };
    });
    return { person, changes };
  }

  /**
   * Sets CRM_ID_VERIFIED_FIELD to `at`; the value before and after (ISO 8601) as EspoCRM holds it.
   */
  async markIdVerified(
    crmId: string,
    at: Date,
  ): Promise<{ person: MappedPerson; before: string | null; after: string | null }> {
    const espo = this.clients.client();
    const { fields } = this.config.crm;
    const contact = await espo.read('Contact', crmId);
    await espo.update('Contact', crmId, { [fields.idVerified]: espoDateTime(at) });
    const reread: EspoRecord = await espo.read('Contact', crmId);
    return {
      person: mapContact(reread, fields),
      before: espoDate(contact[fields.idVerified]),
      after: espoDate(reread[fields.idVerified]),
    };
  }

  /**
   * Uploads a resume file to EspoCRM and links it to the contact's CRM_RESUME_FIELD, keeping the files
   * already there (EspoCRM replaces the whole id list). A file of the same name and size already
   * linked is not uploaded again. The attachment's id, and whether it was new.
   */
  async attachResume(
    crmId: string,
    file: { name: string; type: string; bytes: Buffer },
  ): Promise<{ attachmentId: string; added: boolean }> {
    const espo = this.clients.client();
    const field = this.config.crm.fields.resume;
    const contact = await espo.read('Contact', crmId);
    const names = (contact[`${field}Names`] ?? {}) as Record<string, unknown>;
    for (const [id, name] of Object.entries(names)) {
      if (name !== file.name) continue;
      const meta = await espo.attachment(id);
      if (Number(meta.size) === file.bytes.length) return { attachmentId: id, added: false };
    }
    const { id } = await espo.uploadAttachment({ ...file, parentType: 'Contact', field, parentId: crmId });
    await espo.linkAttachment('Contact', crmId, field, id);
    return { attachmentId: id, added: true };
  }

  /** The contact as EspoCRM holds it now, for the people cache (after a change made elsewhere). */
  async reread(crmId: string): Promise<MappedPerson> {
    return mapContact(await this.clients.client().read('Contact', crmId), this.config.crm.fields);
  }

  /** Keeps the re-read contact in the people cache (in the caller's ambient transaction, if any). */
  async storeInCache(person: MappedPerson): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await new PeopleStore(runnerSql(runner), 'espocrm').store([person]);
    } finally {
      await runner.release();
    }
  }
}
