import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { ResumeLedger } from '../../resumes/ledger/resume-ledger';
import { EspoResumeAttachments } from './espo-resume-attachments';
import { mergeSkillProposal, SkillProposal } from './skill-proposal';

export type ContactSkillProposal = SkillProposal & {
  contactId: string;
  extractionIds: string[];
  /** Where to ask again while `pending`. */
  proposalUrl: string;
};

/**
 * The one skill proposal of a contact's resume extractions (mergeSkillProposal), read from the
 * ledger and compared with the contact's skills in EspoCRM.
 */
@Injectable()
export class SkillProposals {
  constructor(
    private readonly config: AppConfig,
    private readonly ledger: ResumeLedger,
    private readonly attachments: EspoResumeAttachments,
  ) {}

  /** `current`: the contact's skills when just read; otherwise EspoCRM is asked now. */
  async forContact(contactId: string, extractionIds: string[], current?: string[]): Promise<ContactSkillProposal> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(contactId)) {
      throw new BadRequestException('The contact id must be a CRM record id (letters, digits, _ or -)');
    }
    const ids = [...new Set(extractionIds.map((id) => id.toLowerCase()))];
    const max = this.config.resumes.maxAttachmentsPerContact;
    if (ids.length > max) {
      throw new BadRequestException(`At most ${max} extractions are merged (MAX_ATTACHMENTS_PER_CONTACT)`);
    }
    const rows = new Map((await this.ledger.findMany(ids)).map((row) => [row.id, row]));
    const strangers = ids.filter((id) => rows.get(id)?.contact_id !== contactId);
    if (strangers.length > 0) {
      throw new NotFoundException(`Not resume extractions of contact ${contactId}: ${strangers.join(', ')}`);
    }
    const sources = ids.map((id) => {
      const row = rows.get(id)!;
      return {
        extractionId: row.id,
        fileName: row.file_name,
        status: row.status,
        skills: row.preview?.profile.skills ?? null,
        error: row.error,
      };
    });
    const proposal = mergeSkillProposal(sources, current ?? (await this.attachments.skills(contactId)));
    return {
      contactId,
      extractionIds: ids,
      ...proposal,
      proposalUrl: `/process-contact/${encodeURIComponent(contactId)}/proposal?extractionIds=${ids.join(',')}`,
    };
  }
}
