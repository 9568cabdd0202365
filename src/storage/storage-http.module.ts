import { Module } from '@nestjs/common';
import { DownloadsController } from './downloads.controller';

/** api role: serves signed download links. */
@Module({ controllers: [DownloadsController] })
export class StorageHttpModule {}
