import { Liquid, LiquidOptions, Template } from 'liquidjs';
import type { FS } from 'liquidjs/dist/fs/fs';
import { escapeMarkdown, link } from '../formatters/markdown';

/** Message templates live in the database; `include`/`render` of files is refused. */
/** How a value reads in a message: objects as JSON rather than `[object Object]`. */
export const display = (value: unknown): string =>
  value === null || value === undefined
    ? ''
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value as string | number | boolean);

const NO_FILES: FS = {
  exists: () => Promise.resolve(false),
  existsSync: () => false,
  readFile: (file) => Promise.reject(new Error(`templates cannot include files (${file})`)),
  readFileSync: (file) => {
    throw new Error(`templates cannot include files (${file})`);
  },
  resolve: (_dir, file) => file,
};

/**
 * The one Liquid engine for message templates. Every `{{ output }}` is Discord-markdown escaped
 * (so payload text cannot format, mention or break the message) unless its last filter is
 * `raw`, `link` or `mention`; parse size, render time and memory are capped because admins type
 * templates and payloads come from outside.
 */
/** No file access, and caps on parse size, render time and memory: shared by every engine admins type into. */
export const SANDBOXED: LiquidOptions = {
  fs: NO_FILES,
  relativeReference: false,
  strictFilters: true,
  ownPropertyOnly: true,
  parseLimit: 20_000,
  renderLimit: 100,
  memoryLimit: 1_000_000,
};

export const liquid = new Liquid({ ...SANDBOXED, outputEscape: (value: unknown) => escapeMarkdown(display(value)) });

liquid.registerFilter('link', {
  raw: true,
  handler: (label: unknown, url: unknown) => link(display(label), url),
});

liquid.registerFilter('mention', {
  raw: true,
  handler: (id: unknown) => (typeof id === 'string' && /^\d{17,20}$/.test(id) ? `<@${id}>` : ''),
});

/** A template that does not parse: Liquid's message names the line and column. */
export class TemplateSyntaxError extends Error {
  override readonly name = 'TemplateSyntaxError';
}

const parsed = new Map<string, Template[]>();
const CACHE_SIZE = 500;

/** Parses (cached by text) or throws TemplateSyntaxError. */
export function compileTemplate(body: string): Template[] {
  const cached = parsed.get(body);
  if (cached) return cached;
  let templates: Template[];
  try {
    templates = liquid.parse(body);
  } catch (error) {
    throw new TemplateSyntaxError((error as Error).message);
  }
  if (parsed.size >= CACHE_SIZE) parsed.delete(parsed.keys().next().value as string);
  parsed.set(body, templates);
  return templates;
}

export async function renderTemplate(body: string, scope: Record<string, unknown>): Promise<string> {
  return String(await liquid.render(compileTemplate(body), scope));
}
