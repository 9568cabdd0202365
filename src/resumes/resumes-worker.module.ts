import { Module } from '@nestjs/common';
import { ProfileExtractor } from './profile/profile-extractor';
import { ResumeExtractHandler } from './resume-extract.handler';
import { ResumesModule } from './resumes.module';
import { StoredFileRetention } from './retention/stored-file-retention';

/** Worker role: extraction jobs and the hourly removal of old resume files. */
@Module({ imports: [ResumesModule], providers: [ProfileExtractor, ResumeExtractHandler, StoredFileRetention] })
export class ResumesWorkerModule {}
