import { BOT_COMMANDS } from '../bot-commands';
import { commandCatalog } from './command-catalog';

interface Option {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  options?: Option[];
}

/** Discord's limits on a command registration, which it answers with a 400 for the whole set. */
const NAME = /^[-_\p{Ll}\p{N}]{1,32}$/u;

function problems(options: Option[], where: string): string[] {
  const found: string[] = [];
  if (options.length > 25) found.push(`${where}: more than 25 options`);
  let optionalSeen = false;
  for (const option of options) {
    const at = `${where} ${option.name}`;
    if (!NAME.test(option.name)) found.push(`${at}: name`);
    if (option.description.length < 1 || option.description.length > 100) found.push(`${at}: description length`);
    if (option.type === 1 || option.type === 2) {
      found.push(...problems(option.options ?? [], at));
      continue;
    }
    if (option.required) {
      if (optionalSeen) found.push(`${at}: required after optional`);
    } else optionalSeen = true;
  }
  return found;
}

describe('the command catalog', () => {
  const catalog = commandCatalog(BOT_COMMANDS) as unknown as (Option & { type: number })[];

  it('declares every command, with their subcommands', () => {
    expect(catalog.map((c) => [c.name, (c.options ?? []).filter((o) => o.type === 1).map((o) => o.name)])).toEqual([
      ['ping', []],
      ['status', []],
      ['job', []],
      ['jobs', ['failed']],
      ['rules', ['list', 'test']],
      ['replay', []],
      ['schedule', ['add', 'list', 'remove']],
      ['unpark', []],
      ['dashboard', []],
      ['search-members', []],
      ['view-skills', []],
      ['crm-status', []],
      ['unlinked-discord-users', []],
      ['link-discord-user', []],
      ['get-resume', []],
      ['update-contact', []],
      ['mark-id-verified', []],
      ['upload-resume', []],
    ]);
  });

  it('stays within what Discord accepts', () => {
    const found = catalog.flatMap((command) => [
      ...(NAME.test(command.name) ? [] : [`/${command.name}: name`]),
      ...(command.description.length <= 100 ? [] : [`/${command.name}: description length`]),
      ...problems(command.options ?? [], `/${command.name}`),
    ]);
    expect(found).toEqual([]);
    expect(catalog.length).toBeLessThanOrEqual(100);
  });

  it('sends only fields of the registration API (no necord internals)', () => {
    const keys = new Set(JSON.stringify(catalog).match(/"(\w+)":/g));
    expect(keys).not.toContain('"resolver":');
    expect(keys).not.toContain('"guilds":');
  });
});
