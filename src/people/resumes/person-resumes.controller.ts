import { Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { PersonResumeFiles } from './person-resume-files';
import { ResumeFileGuard, ResumeFileRequest } from './resume-file.guard';
import { ResumeLinks } from './resume-links';

/**
 * `GET /people/:id/resumes`: a person's resumes (EspoCRM's resume field, and files stored by the
 * resume pipeline for the contact); `POST /people/:id/resumes/:file/link`: an expiring download link.
 */
@Controller('people/:id/resumes')
export class PersonResumesController {
  constructor(
    private readonly files: PersonResumeFiles,
    private readonly links: ResumeLinks,
  ) {}

  @Get()
  list(@Param('id') id: string) {
    return this.files.list(id);
  }

  @Post(':file/link')
  @HttpCode(200)
  @UseGuards(ResumeFileGuard)
  link(@Param('file') _file: string, @Req() req: ResumeFileRequest) {
    return this.links.link(req.resumeObject!);
  }
}
