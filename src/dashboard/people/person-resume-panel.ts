import { Injectable } from '@nestjs/common';
import type { PersonView } from '../../people/directory/people-directory';
import { AppConfig } from '../../platform/config/app-config';
import { ResumeLedger } from '../../resumes/ledger/resume-ledger';
import { resumeLimits } from './resume-review';

const RECENT = 10;

/** The person page's Resume section: the upload limits, and the resumes read for this contact (to review again). */
@Injectable()
export class PersonResumePanel {
  constructor(
    private readonly config: AppConfig,
    private readonly ledger: ResumeLedger,
  ) {}

  async for(person: PersonView) {
    const rows = person.crm === 'espocrm' ? await this.ledger.recentFor(person.crmId, RECENT) : [];
    return {
      limits: resumeLimits(this.config.files),
      extractions: rows.map((row) => ({
        id: row.id,
        fileName: row.file_name,
        status: row.status,
        createdAt: row.created_at,
        requestedBy: row.requested_by,
      })),
    };
  }
}
