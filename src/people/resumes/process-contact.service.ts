import { HttpException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { ResumeIntake } from '../../resumes/intake/resume-intake.service';
import type { ContactResumes, SkippedAttachment } from './contact-resumes.guard';
import { SkillProposals } from './skill-proposals';

/**
 * Queues one extraction per downloaded resume of a contact, through the same intake as uploads (so the
 * ledger makes a repeat a duplicate, not a second extraction). A file the intake refuses (type, size,
 * a ZIP bomb) is skipped with the reason; nothing usable at all is a 422 saying why. The answer holds
 * the one merged skill proposal of them all: `ready` when every extraction had finished already (a
 * repeat), else `pending`, to be asked again at its `proposalUrl`.
 */
@Injectable()
export class ProcessContact {
  constructor(
    private readonly config: AppConfig,
    private readonly intake: ResumeIntake,
    private readonly proposals: SkillProposals,
  ) {}

  async submit(resumes: ContactResumes, requestedBy: string) {
    const { contactId } = resumes;
    const skipped: SkippedAttachment[] = [...resumes.skipped];
    const extractions = [];
    for (const file of resumes.files) {
      try {
        const extraction = await this.intake.submit({
          bytes: file.bytes,
          fileName: file.fileName,
          contactId,
          requestedBy,
        });
        extractions.push({ attachmentId: file.attachmentId, ...extraction });
      } catch (error) {
        if (!(error instanceof HttpException) || error.getStatus() >= 500) throw error;
        skipped.push({ attachmentId: file.attachmentId, status: error.getStatus(), reason: error.message });
      }
    }
    if (extractions.length === 0) {
      const field = this.config.crm.fields.resume;
      throw new UnprocessableEntityException(
        skipped.length === 0
          ? `Contact ${contactId} has no resume attachments (in its ${field} field, CRM_RESUME_FIELD)`
          : `No resume of contact ${contactId} could be extracted: ${skipped.map((s) => `${s.attachmentId}: ${s.reason}`).join('; ')}`,
      );
    }
    const extractionIds = extractions.map((e) => e.id);
    // Compared with the skills the contact had when its attachments were listed (no second CRM read).
    const proposal = await this.proposals.forContact(contactId, extractionIds, resumes.currentSkills);
    return { contactId, extractionIds, extractions, skipped, proposal };
  }
}
