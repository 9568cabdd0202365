import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ResumeApplyBody } from './resume-apply.body';
import { ResumeApply } from './resume-apply.service';

/** `POST /jobs/resume-apply`: confirmed fields of a resume preview, written to the contact in EspoCRM. */
@Controller('jobs/resume-apply')
export class ResumeApplyController {
  constructor(private readonly resumes: ResumeApply) {}

  @Post()
  @HttpCode(200)
  apply(@Body() body: ResumeApplyBody) {
    return this.resumes.apply(body.extractionId, body.fields);
  }
}
