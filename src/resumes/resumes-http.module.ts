import { Module } from '@nestjs/common';
import { ResumeExtractController } from './intake/resume-extract.controller';
import { ResumeIntake } from './intake/resume-intake.service';
import { ResumeUploadGuard } from './intake/upload.guard';
import { ResumesModule } from './resumes.module';

/** api role: uploads in, extraction results out. */
@Module({
  imports: [ResumesModule],
  controllers: [ResumeExtractController],
  providers: [ResumeIntake, ResumeUploadGuard],
  // The CRM feature queues a contact's attachments through the same intake (POST /process-contact/:id);
  // the dashboard's resume forms read uploads with the same guard and submit them to the same intake.
  exports: [ResumesModule, ResumeIntake, ResumeUploadGuard],
})
export class ResumesHttpModule {}
