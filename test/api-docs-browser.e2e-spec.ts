import type { Browser } from 'playwright-core';
import { launchChromium, screenshot, WAIT } from './support/chromium';
import { useTestApp } from './support/switchyard';

describe('API reference in Chromium: /docs under the app CSP', () => {
  const ctx = useTestApp({ roles: ['api'] });
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders Swagger UI with every section, no CSP violation and no console error', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    const errors: string[] = [];
    const outside: string[] = [];
    await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
    // A page script (as text: this file is compiled without the DOM's types) reporting CSP violations.
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => reportViolation(e.violatedDirective + ' ' + e.blockedURI));",
    );
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => {
      if (!request.url().startsWith(ctx.app.url) && !request.url().startsWith('data:')) outside.push(request.url());
    });

    const response = await page.goto(`${ctx.app.url}/docs`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.swagger-ui .info .title', { hasText: 'Switchyard API' }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Authorize' }).waitFor(WAIT);
    // Operations grouped by controller (tags start collapsed), the ingest contract among them.
    const tags = await page.locator('.opblock-tag').allInnerTexts();
    expect(tags.length).toBeGreaterThan(30);
    await page
      .locator('.opblock-tag', { hasText: /^Webhook ingest/ })
      .first()
      .click();
    await page.locator('.opblock-summary-path', { hasText: '/webhooks/{source}' }).first().waitFor(WAIT);
    await page.locator('.opblock-tag', { hasText: /^Jobs/ }).first().click();
    await page.locator('.opblock-summary-path', { hasText: '/jobs/dead/redrive' }).first().waitFor(WAIT);
    // Opening one shows its schema-backed answers.
    await page
      .locator('.opblock-summary-path', { hasText: /^\/jobs\/\{id\}\/redrive$/ })
      .first()
      .click();
    await page.locator('.responses-table', { hasText: 'fresh attempt count' }).first().waitFor(WAIT);
    await screenshot(page, 'api-docs');

    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    await context.close();
  });
});
