import { Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ContactResumesGuard, ContactResumesRequest } from './contact-resumes.guard';
import { ProcessContact } from './process-contact.service';
import { SkillProposalQuery } from './skill-proposal.query';
import { SkillProposals } from './skill-proposals';

/**
 * `POST /process-contact/:id`: every resume attachment of the contact (up to MAX_ATTACHMENTS_PER_CONTACT)
 * extracted; the skills found (the vocabulary and RESUME_KEYWORDS) merged into one proposal, which
 * `GET /process-contact/:id/proposal` gives again once the extractions have finished.
 */
@Controller('process-contact')
export class ProcessContactController {
  constructor(
    private readonly process: ProcessContact,
    private readonly proposals: SkillProposals,
  ) {}

  @Get(':id/proposal')
  proposal(@Param('id') id: string, @Query() query: SkillProposalQuery) {
    return this.proposals.forContact(id, query.extractionIds.split(','));
  }

  @Post(':id')
  @HttpCode(202)
  @UseGuards(ContactResumesGuard)
  submit(@Param('id') _id: string, @Req() req: ContactResumesRequest) {
    return this.process.submit(req.contactResumes!, req.caller?.actor.name ?? req.caller?.actor.id ?? 'unknown');
  }
}
