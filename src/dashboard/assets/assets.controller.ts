import { Controller, Get, NotFoundException, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DASHBOARD_ASSETS } from './dashboard-assets';

/** htmx, Pico CSS and the dashboard's own styles, served by the app itself (no CDN). */
@Controller('dashboard/assets')
export class AssetsController {
  @Get(':name')
  serve(@Param('name') file: string, @Req() req: Request, @Res() res: Response): void {
    const asset = DASHBOARD_ASSETS.get(file);
    if (!asset) throw new NotFoundException(`No dashboard asset ${file}`);
    res.setHeader('ETag', asset.etag);
    res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    if (req.headers['if-none-match'] === asset.etag) {
      res.status(304).end();
      return;
    }
    res.type(asset.type).send(asset.body);
  }
}
