/**
 * The dashboard's Content-Security-Policy, stricter than helmet's default: scripts and styles only
 * from this server's own files (htmx and Pico are served from /dashboard/assets), no inline code or
 * styles, no frames, forms only back here. Pico draws its icons with `data:` SVGs.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * The same with forms also allowed to end on these origins: a resume download (a form, for its CSRF
 * token) is redirected to its presigned link on the object storage's public endpoint.
 */
export const dashboardCsp = (formOrigins: readonly string[] = []): string =>
  formOrigins.length === 0
    ? DASHBOARD_CSP
    : DASHBOARD_CSP.replace("form-action 'self'", `form-action 'self' ${formOrigins.join(' ')}`);
