import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  ForbiddenException,
  HttpException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { SignInPageFilter } from '../../auth/pages/sign-in-page.filter';
import { DashboardPages, PageData, SECTIONS } from './dashboard-pages';

/** A refusal whose answer is a page already prepared: the form again, with what was wrong in it. */
export class FormPageException extends HttpException {
  constructor(
    readonly view: string,
    readonly data: PageData,
    status = 422,
  ) {
    super(data.title, status);
  }
}

/** Nest's message for an exception: its own, or the validation messages joined. */
function reason(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
}

/**
 * Dashboard pages answer in HTML: not signed in or not an admin as the sign-in pages do (to sign-in,
 * or a 403 page with sign-out); a rejected form with the form and its errors; anything else a 4xx
 * page with the reason and a way back.
 */
@Catch(HttpException)
@Injectable()
export class DashboardErrorFilter implements ExceptionFilter {
  constructor(
    private readonly signInPages: SignInPageFilter,
    private readonly pages: DashboardPages,
  ) {}

  async catch(exception: HttpException, host: ArgumentsHost): Promise<void> {
    if (exception instanceof UnauthorizedException || exception instanceof ForbiddenException) {
      return this.signInPages.catch(exception, host);
    }
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof FormPageException) {
      return this.pages.send(req, res, exception.view, exception.data, exception.getStatus());
    }
    const status = exception.getStatus();
    if (req.accepts(['json', 'html']) !== 'html' || !req.caller) {
      res.status(status).json(exception.getResponse());
      return;
    }
    await this.pages.send(
      req,
      res,
      'error',
      {
        title: status === 404 ? 'Not found' : 'Cannot do that',
        section: sectionOf(req.path),
        message: reason(exception),
      },
      status,
    );
  }
}

const sectionOf = (path: string): PageData['section'] =>
  SECTIONS.find((s) => s.id !== 'overview' && s.href.split('/')[2] === path.split('/')[2])?.id ?? 'overview';
