import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sessionOf } from '../../auth/access/caller';
import { CsrfTokens } from '../../auth/sessions/csrf-tokens';
import { AmbientTransaction } from '../../platform/database/ambient-transaction';
import { ASSET_VERSION } from '../assets/dashboard-assets';
import { pageEngine } from './page-engine';
import { dashboardCsp } from './page-security';

/** The sections of the navigation, in order; `section` of a page marks the current one. */
export const SECTIONS = [
  { id: 'overview', href: '/dashboard', title: 'Overview' },
  { id: 'webhooks', href: '/dashboard/webhooks', title: 'Webhooks' },
  { id: 'jobs', href: '/dashboard/jobs', title: 'Jobs' },
  { id: 'rules', href: '/dashboard/rules', title: 'Rules' },
  { id: 'sources', href: '/dashboard/sources', title: 'Sources' },
  { id: 'schedules', href: '/dashboard/schedules', title: 'Schedules' },
  { id: 'people', href: '/dashboard/people', title: 'People' },
  { id: 'audit', href: '/dashboard/audit', title: 'Audit log' },
  { id: 'tokens', href: '/dashboard/tokens', title: 'API tokens' },
  { id: 'system', href: '/dashboard/system', title: 'System' },
] as const;

export type Section = (typeof SECTIONS)[number]['id'];

export interface PageData {
  title: string;
  section: Section;
  /** Origins besides this one its forms may be redirected to (Content-Security-Policy form-action). */
  formActionOrigins?: readonly string[];
  [key: string]: unknown;
}

/** Renders a view inside the layout for the signed-in admin, with their CSRF token for its forms. */
@Injectable()
export class DashboardPages {
  constructor(
    private readonly csrf: CsrfTokens,
    private readonly transaction: AmbientTransaction,
  ) {}

  /** Sent once the route's audited change (if any) has committed, never before: see AmbientTransaction. */
  async send(req: Request, res: Response, view: string, data: PageData, status = 200): Promise<void> {
    const html = await this.render(req, view, data);
    await this.transaction.afterCommit(() => {
      res.status(status).setHeader('Content-Security-Policy', dashboardCsp(data.formActionOrigins));
      res.setHeader('Cache-Control', 'no-store');
      res.type('html').send(html);
    });
  }

  render(req: Request, view: string, data: PageData): Promise<string> {
    const session = sessionOf(req);
    return pageEngine.renderFile(view, {
      ...data,
      sections: SECTIONS,
      assetVersion: ASSET_VERSION,
      // Live regions fetch their page again (same filters) and keep their own part of it.
      pageUrl: req.originalUrl,
      me: {
        name: session.name ?? session.subject,
        email: session.email,
        groups: session.groups,
        method: session.method,
        expiresAt: session.expiresAt,
      },
      csrfToken: this.csrf.for(session),
      htmxHeaders: JSON.stringify({ 'X-CSRF-Token': this.csrf.for(session) }),
    }) as Promise<string>;
  }
}
