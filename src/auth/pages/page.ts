import type { Request, Response } from 'express';
import { CSRF_FORM_FIELD } from '../sessions/csrf-tokens';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** What a sign-in endpoint tells a person (as a small HTML page) or a program (as JSON). */
export interface Outcome {
  title: string;
  message: string;
  links?: { href: string; text: string }[];
  /** Adds a sign-out button (a form POST to /auth/logout carrying this CSRF token). */
  signOutCsrfToken?: string;
}

/** A minimal page: no scripts, no outside resources, so helmet's default CSP holds. */
export function renderPage(outcome: Outcome): string {
  const links = (outcome.links ?? []).map((l) => `<p><a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a></p>`);
  const signOut =
    outcome.signOutCsrfToken === undefined
      ? ''
      : `<form method="post" action="/auth/logout"><input type="hidden" name="${CSRF_FORM_FIELD}" value="${escapeHtml(outcome.signOutCsrfToken)}"><button type="submit">Sign out</button></form>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(outcome.title)} · Switchyard</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style>
</head><body><h1>${escapeHtml(outcome.title)}</h1><p>${escapeHtml(outcome.message)}</p>${links.join('')}${signOut}</body></html>
`;
}

/** Answers with the outcome as HTML for browsers and as Nest's JSON error shape otherwise. */
export function sendOutcome(req: Request, res: Response, status: number, outcome: Outcome): void {
  res.status(status);
  if (req.accepts(['json', 'html']) === 'html') {
    res.type('html').send(renderPage(outcome));
  } else {
    res.json(status >= 400 ? { statusCode: status, error: outcome.title, message: outcome.message } : outcome);
  }
}
