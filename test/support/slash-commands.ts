/** The slash commands the bot registers, in order: what a person sees in Discord's command list. */
export const EXPECTED_SLASH_COMMANDS = [
  'ping',
  'status',
  'job',
  'jobs',
  'rules',
  'replay',
  'schedule',
  'unpark',
  'dashboard',
  'search-members',
  'view-skills',
  'crm-status',
  'unlinked-discord-users',
  'link-discord-user',
  'get-resume',
];
