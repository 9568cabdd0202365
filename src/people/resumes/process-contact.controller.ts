import { Controller, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ContactResumesGuard, ContactResumesRequest } from './contact-resumes.guard';
import { ProcessContact } from './process-contact.service';

/**
 * `POST /process-contact/:id`: every resume attachment of the contact (up to MAX_ATTACHMENTS_PER_CONTACT)
 * extracted; the skills found (the vocabulary and RESUME_KEYWORDS) proposed on each extraction's preview.
 */
@Controller('process-contact')
export class ProcessContactController {
  constructor(private readonly process: ProcessContact) {}

  @Post(':id')
  @HttpCode(202)
  @UseGuards(ContactResumesGuard)
  submit(@Param('id') _id: string, @Req() req: ContactResumesRequest) {
    return this.process.submit(req.contactResumes!, req.caller?.actor.name ?? req.caller?.actor.id ?? 'unknown');
  }
}
