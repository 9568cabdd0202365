import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { ObjectStorage } from '../../storage/object-storage';
import type { ResumeObject } from './person-resume-files';

export interface ResumeLink {
  url: string;
  expiresAt: string;
  file: { name: string; contentType: string };
}

/** An expiring download link (FILE_LINK_TTL_SECONDS) to a resolved resume: signed on disk, presigned on S3. */
@Injectable()
export class ResumeLinks {
  constructor(
    private readonly config: AppConfig,
    private readonly storage: ObjectStorage,
  ) {}

  async link(object: ResumeObject): Promise<ResumeLink> {
    const ttlSeconds = this.config.files.linkTtlSeconds;
    const expiresAt = new Date(Math.floor(Date.now() / 1000 + ttlSeconds) * 1000).toISOString();
    const url = await this.storage.downloadUrl(object.key, {
      filename: object.filename,
      contentType: object.contentType,
      ttlSeconds,
    });
    return { url, expiresAt, file: { name: object.filename, contentType: object.contentType } };
  }
}
