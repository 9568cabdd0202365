import { Controller, Get, GoneException, Header, NotFoundException, Param, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { contentDisposition } from './content-disposition';
import { DownloadLinks } from './download-links';
import { ObjectNotFoundError, ObjectStorage } from './object-storage';

/**
 * Signed download links (the disk backend's): the signature is the authorisation. A link that is not
 * ours is 404 (nothing to see here), an expired one 410.
 */
@Controller('files')
export class DownloadsController {
  constructor(
    private readonly links: DownloadLinks,
    private readonly storage: ObjectStorage,
  ) {}

  @Get(':token')
  @Header('cache-control', 'private, no-store')
  @Header('x-content-type-options', 'nosniff')
  async download(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const check = this.links.verify(token);
    if (!check.ok) throw check.status === 410 ? new GoneException(check.reason) : new NotFoundException(check.reason);
    const { claims } = check;
    const body = await this.storage.get(claims.key).catch((error: unknown) => {
      throw error instanceof ObjectNotFoundError ? new NotFoundException('This file is no longer stored') : error;
    });
    res.setHeader('content-type', claims.contentType);
    res.setHeader('content-disposition', contentDisposition(claims.filename));
    return new StreamableFile(body);
  }
}
