import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { ROOT } from './child-process';

/** Where the browser tests leave screenshots of the pages they saw (gitignored; CI keeps them as artifacts). */
export const SCREENSHOT_DIR = join(ROOT, 'test-artifacts', 'screenshots');

/**
 * Debian's Chromium (apt `chromium`, installed by npm test's pretest step when missing), headless. No sandbox: tests run as root
 * in containers; no background networking, so the browser talks to nothing but the test servers.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** A full-page screenshot as test-artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** How long a browser test waits for something to show: generous, for a loaded CI machine. */
export const WAIT = { timeout: 15_000 };

/** Marks the loaded document; the mark survives anything but a full page load. */
export const markDocument = (page: Page): Promise<unknown> =>
  page.evaluate(() => ((globalThis as unknown as { loadMark: boolean }).loadMark = true));

/** Whether the page still shows the document `markDocument` marked (no full reload since). */
export const stillSameDocument = (page: Page): Promise<boolean> =>
  page.evaluate(() => (globalThis as unknown as { loadMark?: boolean }).loadMark === true);
