import { Liquid, Template } from 'liquidjs';
import { display, SANDBOXED, TemplateSyntaxError } from './liquid-engine';

/**
 * The same sandboxed Liquid for text that is not Discord markdown (a Jira summary or description):
 * outputs are not escaped, objects still read as JSON. Templates parse the same in both engines,
 * so `compileTemplate` validates these too.
 */
const plain = new Liquid({ ...SANDBOXED, outputEscape: display });

const parsed = new Map<string, Template[]>();
const CACHE_SIZE = 200;

export async function renderPlainTemplate(body: string, scope: Record<string, unknown>): Promise<string> {
  let templates = parsed.get(body);
  if (!templates) {
    try {
      templates = plain.parse(body);
    } catch (error) {
      throw new TemplateSyntaxError((error as Error).message);
    }
    if (parsed.size >= CACHE_SIZE) parsed.delete(parsed.keys().next().value as string);
    parsed.set(body, templates);
  }
  return String(await plain.render(templates, scope));
}
