import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/** The only files /dashboard/assets serves: fixed names, read from the npm packages once at boot. */
const FILES: Record<string, { path: () => string; type: string }> = {
  'htmx.min.js': { path: () => require.resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript' },
  'htmx-ext-sse.min.js': { path: () => require.resolve('htmx-ext-sse/dist/sse.min.js'), type: 'text/javascript' },
  'pico.min.css': { path: () => require.resolve('@picocss/pico/css/pico.min.css'), type: 'text/css' },
  'dashboard.css': { path: () => join(__dirname, 'dashboard.css'), type: 'text/css' },
};

function load(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [name, file] of Object.entries(FILES)) {
    const body = readFileSync(file.path());
    assets.set(name, { body, type: file.type, etag: `"${createHash('sha256').update(body).digest('base64url')}"` });
  }
  return assets;
}

export const DASHBOARD_ASSETS = load();

/** Changes whenever any asset does: pages link `?v=` it, so browsers may cache the files for good. */
export const ASSET_VERSION = createHash('sha256')
  .update([...DASHBOARD_ASSETS.values()].map((a) => a.etag).join())
  .digest('base64url')
  .slice(0, 12);
