import { Module } from '@nestjs/common';
import { ProfileExtractor } from './profile/profile-extractor';
import { ResumeExtractHandler } from './resume-extract.handler';
import { ResumesModule } from './resumes.module';

/** Worker role: extraction jobs. */
@Module({ imports: [ResumesModule], providers: [ProfileExtractor, ResumeExtractHandler] })
export class ResumesWorkerModule {}
