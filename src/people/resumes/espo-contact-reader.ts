import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import type { ContactReader, CurrentContact } from '../../resumes/preview/contact-reader';
import { ContactReaders } from '../../resumes/preview/contact-readers';
import { EspoClients } from '../crm/espo-clients';
import { mapContact } from '../mapping/map-contact';
import { currentContact } from './contact-values';

/** Resume previews compare with the contact as EspoCRM holds it now (plugged in when EspoCRM is configured). */
@Injectable()
export class EspoContactReader implements ContactReader, OnModuleInit {
  constructor(
    private readonly config: AppConfig,
    private readonly clients: EspoClients,
    private readonly readers: ContactReaders,
  ) {}

  onModuleInit(): void {
    if (this.clients.configured) this.readers.use(this);
  }

  async read(contactId: string): Promise<CurrentContact | null> {
    const contact = await this.clients.client().readIfExists('Contact', contactId);
    return contact ? currentContact(mapContact(contact, this.config.crm.fields)) : null;
  }
}
