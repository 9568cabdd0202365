import { Module } from '@nestjs/common';
import { ResumeIntake } from '../../resumes/intake/resume-intake.service';
import { PeopleModule } from '../people.module';
import { ResumeApply } from '../resumes/resume-apply.service';
import { ContactChanges } from './contact-changes';
import { ResumePreviewSessions } from './resume-preview-sessions';

/**
 * Bot role: what the admin and upload commands change. Resume intake and apply are the api's own
 * services (no controllers here), so a resume uploaded in Discord goes the way an API upload goes.
 */
@Module({
  imports: [PeopleModule],
  providers: [ContactChanges, ResumePreviewSessions, ResumeApply, ResumeIntake],
  exports: [ContactChanges, ResumePreviewSessions, ResumeApply, ResumeIntake],
})
export class PeopleChangesModule {}
