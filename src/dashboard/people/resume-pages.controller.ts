import {
  BadRequestException,
  Controller,
  Get,
  HttpException,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Redirect,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiConsumes } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CRM_LABELS } from '../../people/crm/crm-labels';
import { PeopleDirectory, type PersonView } from '../../people/directory/people-directory';
import { ResumeApplyBody } from '../../people/resumes/resume-apply.body';
import { ResumeApply } from '../../people/resumes/resume-apply.service';
import { ResumeIntake } from '../../resumes/intake/resume-intake.service';
import { ExtractionRow, ResumeLedger } from '../../resumes/ledger/resume-ledger';
import { formProblems } from '../forms/form-problems';
import { validObject } from '../forms/valid-input';
import { DashboardErrorFilter, FormPageException } from '../pages/dashboard-error.filter';
import { DashboardPages } from '../pages/dashboard-pages';
import { PersonResumePanel } from './person-resume-panel';
import { appliedData, reviewData } from './resume-review';
import { ResumeSubmissionGuard, type ResumeSubmissionRequest } from './resume-submission.guard';

const fieldsOf = (body: unknown): string[] => {
  const raw = (body as Record<string, unknown> | undefined)?.fields;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter((field): field is string => typeof field === 'string' && field !== '');
};

/** A refusal the page shows by its form; a server fault (the database, a bug) stays a 500. */
const shownByForm = (error: unknown): error is HttpException => error instanceof HttpException;

/**
 * A person's resume on the dashboard, through the services the API uses: uploaded or taken from the
 * contact's EspoCRM attachments (ResumeIntake, as POST /jobs/resume-extract), reviewed against the
 * contact's values, and the ticked fields applied (ResumeApply, as POST /jobs/resume-apply), the
 * result read back from EspoCRM.
 */
@Controller('dashboard/people')
@UseFilters(DashboardErrorFilter)
export class ResumePagesController {
  constructor(
    private readonly pages: DashboardPages,
    private readonly resumePanel: PersonResumePanel,
    private readonly directory: PeopleDirectory,
    private readonly intake: ResumeIntake,
    private readonly ledger: ResumeLedger,
    private readonly resumes: ResumeApply,
  ) {}

  @Post(':id/resumes')
  // An upload (field `file`), or the urlencoded form naming one of the contact's attachments (`attachmentId`).
  @ApiConsumes('multipart/form-data', 'application/x-www-form-urlencoded')
  @UseGuards(ResumeSubmissionGuard)
  @Redirect()
  async submit(@Param('id', ParseUUIDPipe) _id: string, @Req() req: ResumeSubmissionRequest) {
    const { person, file, refusal } = req.resumeSubmission!;
    if (person.crm !== 'espocrm') {
      throw await this.uploadRefused(
        person,
        400,
        `Resumes are extracted for EspoCRM contacts only; this person comes from ${CRM_LABELS[person.crm]}`,
      );
    }
    if (refusal || !file) throw await this.uploadRefused(person, refusal?.status ?? 400, refusal?.message ?? 'No file');
    let extraction: { id: string };
    try {
      extraction = await this.intake.submit({
        bytes: file.bytes,
        fileName: file.fileName,
        contactId: person.crmId,
        requestedBy: req.caller?.actor.name ?? req.caller?.actor.id ?? 'unknown',
      });
    } catch (error) {
      if (shownByForm(error) && error.getStatus() < 500) {
        throw await this.uploadRefused(person, error.getStatus(), error.message);
      }
      throw error;
    }
    // The audit event's request: which file (a multipart body has no other fields worth keeping).
    req.body = {
      file: { name: file.fileName, size: file.bytes.length },
      ...(file.attachmentId ? { attachmentId: file.attachmentId } : {}),
      extractionId: extraction.id,
    };
    return { url: `/dashboard/people/resumes/${extraction.id}`, statusCode: 303 };
  }

  @Get('resumes/:id')
  async review(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.pages.send(req, res, 'resume-review', await this.reviewPage(await this.extraction(id)));
  }

  @Post('resumes/:id/apply')
  async apply(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response) {
    const row = await this.extraction(id);
    const fields = fieldsOf(req.body);
    if (fields.length === 0) {
      throw new FormPageException(
        'resume-review',
        await this.reviewPage(row, [], ['Tick at least one field to apply']),
        400,
      );
    }
    let applied: Awaited<ReturnType<ResumeApply['apply']>>;
    try {
      // The API's own checks (at most 20 fields, each a short name) before the service's.
      const body = validObject(ResumeApplyBody, { extractionId: id, fields });
      applied = await this.resumes.apply(body.extractionId, body.fields);
    } catch (error) {
      if (!shownByForm(error)) throw error;
      throw new FormPageException(
        'resume-review',
        await this.reviewPage(
          row,
          fields,
          error instanceof BadRequestException ? formProblems(error).messages : [error.message],
        ),
        error.getStatus(),
      );
    }
    const person = await this.personOf(row);
    await this.pages.send(req, res, 'resume-applied', {
      title: `Resume applied: ${person?.name ?? applied.contactId}`,
      section: 'people',
      person,
      extractionId: id,
      contactId: applied.contactId,
      complete: applied.complete,
      ...appliedData(applied.fields),
    });
    // Not sent (the page is): names the extraction in the audit event.
    return { id };
  }

  private async extraction(id: string): Promise<ExtractionRow> {
    const row = await this.ledger.find(id);
    if (!row) throw new NotFoundException(`No resume extraction ${id}`);
    return row;
  }

  private personOf(row: ExtractionRow): Promise<PersonView | null> {
    return row.contact_id ? this.directory.findByCrmId('espocrm', row.contact_id) : Promise.resolve(null);
  }

  private async reviewPage(row: ExtractionRow, selected?: string[], problems?: string[]) {
    const person = await this.personOf(row);
    return {
      title: `Resume review: ${person?.name ?? row.file_name}`,
      section: 'people' as const,
      person,
      ...reviewData(row, selected),
      ...(problems ? { problems } : {}),
    };
  }

  private async uploadRefused(person: PersonView, status: number, problem: string): Promise<FormPageException> {
    return new FormPageException(
      'resume-upload',
      {
        title: `Resume for ${person.name ?? person.crmId}`,
        section: 'people',
        person,
        crmLabel: CRM_LABELS[person.crm],
        resume: await this.resumePanel.for(person),
        problem,
      },
      status,
    );
  }
}
