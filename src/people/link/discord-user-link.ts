import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { EspoClients } from '../crm/espo-clients';
import { mapContact } from '../mapping/map-contact';
import type { MappedPerson } from '../mapping/mapped-person';
import { PeopleStore } from '../store/people-store';
import { runnerSql } from '../store/sql';

/**
 * Links a CRM contact to a Discord user: writes the user id and username to the contact's
 * CRM_DISCORD_USER_ID_FIELD and CRM_DISCORD_USERNAME_FIELD, reads the contact back and keeps what
 * EspoCRM now holds in the people cache. The cache write joins the caller's ambient transaction
 * (so it commits with the caller's audit event); EspoCRM errors (EspoRequestError,
 * EspoUnavailableError, CrmNotConfiguredError) reach the caller as they are.
 */
@Injectable()
export class DiscordUserLink {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clients: EspoClients,
  ) {}

  /** Writes the link to EspoCRM and returns the contact as EspoCRM holds it afterwards. */
  async writeToCrm(crmId: string, user: { id: string; username: string }): Promise<MappedPerson> {
    const espo = this.clients.client();
    const { fields } = this.config.crm;
    await espo.update('Contact', crmId, { [fields.discordUserId]: user.id, [fields.discordUsername]: user.username });
    return mapContact(await espo.read('Contact', crmId), fields);
  }

  /** Keeps the re-read contact in the people cache. */
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
