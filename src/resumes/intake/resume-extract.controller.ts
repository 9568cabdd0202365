import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, UseGuards } from '@nestjs/common';
import { ApiConsumes } from '@nestjs/swagger';
import type { Request } from 'express';
import { ResumeExtractBody } from './resume-extract.body';
import { ResumeIntake } from './resume-intake.service';
import { ResumeUploadGuard } from './upload.guard';

@Controller('jobs/resume-extract')
export class ResumeExtractController {
  constructor(private readonly intake: ResumeIntake) {}

  @Post()
  @HttpCode(202)
  // A file upload, or JSON naming the contact's CRM attachment (ResumeUploadGuard reads either).
  @ApiConsumes('multipart/form-data', 'application/json')
  @UseGuards(ResumeUploadGuard)
  submit(@Body() body: ResumeExtractBody, @Req() req: Request) {
    const file = req.file!;
    return this.intake.submit({
      bytes: file.buffer,
      fileName: file.originalname,
      contactId: body.contactId ?? null,
      requestedBy: req.caller?.actor.name ?? req.caller?.actor.id ?? 'unknown',
    });
  }

  /** By the extraction's id or its job's id. */
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.intake.get(id);
  }
}
