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
  // The CRM feature queues a contact's attachments through the same intake (POST /process-contact/:id).
  exports: [ResumeIntake],
})
export class ResumesHttpModule {}
