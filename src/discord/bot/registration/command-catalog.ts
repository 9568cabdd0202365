import type { Type } from '@nestjs/common';
import { MetadataScanner, Reflector } from '@nestjs/core';
import { ApplicationCommandManager, type RESTPutAPIApplicationCommandsJSONBody } from 'discord.js';
import { SlashCommand, SlashCommandsService, Subcommand } from 'necord';

type Discovered = NonNullable<ReturnType<SlashCommandsService['get']>>;

/**
 * discord.js's own camelCase-to-wire conversion, the one `client.application.commands.set()` applies
 * (and so necord's registration); public in the JavaScript, marked private in the typings.
 */
const toWire = (ApplicationCommandManager as unknown as { transformCommand(command: unknown): unknown })
  .transformCommand;

/**
 * The slash commands declared on these classes, as Discord's registration API takes them. Read from
 * the decorators the way necord reads them in the running bot (necord's own SlashCommandsService
 * assembles the groups, discord.js turns them into the wire format as `commands.set` would), but
 * without instances: `register-commands` needs no database and no gateway session.
 */
export function commandCatalog(classes: Type[]): RESTPutAPIApplicationCommandsJSONBody {
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const commands = new SlashCommandsService(reflector);
  for (const type of classes) {
    const prototype = type.prototype as Record<string, (...args: unknown[]) => unknown>;
    for (const method of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[method]!;
      const command = reflector.get<Discovered | undefined>(SlashCommand.KEY, handler);
      const subcommand = reflector.get<Discovered | undefined>(Subcommand.KEY, handler);
      command?.setDiscoveryMeta({ class: type, handler });
      subcommand?.setDiscoveryMeta({ class: type, handler });
      if (command) commands.add(command);
      if (subcommand) commands.addSubCommand(subcommand);
    }
  }
  // A JSON round trip drops the keys left undefined, as the request body would.
  return JSON.parse(
    JSON.stringify([...commands.cache.values()].map((c) => toWire(c.toJSON()))),
  ) as RESTPutAPIApplicationCommandsJSONBody;
}
