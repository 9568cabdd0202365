import { Injectable } from '@nestjs/common';
import type { ContactReader, CurrentContact } from './contact-reader';

/**
 * Where the CRM feature plugs in its ContactReader (`use()`, at its module's init), so resumes need
 * not depend on it. Without one, previews are not compared with a contact (`comparedWithContact: false`).
 */
@Injectable()
export class ContactReaders {
  private reader?: ContactReader;

  use(reader: ContactReader): void {
    this.reader = reader;
  }

  get available(): boolean {
    return this.reader !== undefined;
  }

  read(contactId: string): Promise<CurrentContact | null> {
    return this.reader ? this.reader.read(contactId) : Promise.resolve(null);
  }
}
