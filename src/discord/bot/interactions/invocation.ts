import {
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
} from 'discord.js';

const NESTING = new Set([ApplicationCommandOptionType.Subcommand, ApplicationCommandOptionType.SubcommandGroup]);

/** The command as typed, for audit events: `/schedule add` and its options by name. */
export function invocation(interaction: ChatInputCommandInteraction): {
  command: string;
  options: Record<string, unknown>;
} {
  const words = [interaction.commandName];
  let options: readonly CommandInteractionOption[] = interaction.options.data;
  // Subcommand groups and subcommands nest the real options one level down each.
  while (options.length === 1 && NESTING.has(options[0]!.type)) {
    words.push(options[0]!.name);
    options = options[0]!.options ?? [];
  }
  return {
    command: `/${words.join(' ')}`,
    options: Object.fromEntries(options.map((option) => [option.name, option.value])),
  };
}
