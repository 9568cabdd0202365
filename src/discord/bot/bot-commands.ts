import type { Type } from '@nestjs/common';
import { DashboardCommand } from './commands/dashboard.command';
import { JobCommand } from './commands/job.command';
import { JobsCommands } from './commands/jobs.command';
import { CrmStatusCommand } from './commands/people/crm-status.command';
import { GetResumeCommand } from './commands/people/get-resume.command';
import { LinkDiscordUserCommand } from './commands/people/link-discord-user.command';
import { MarkIdVerifiedCommand } from './commands/people/mark-id-verified.command';
import { ResumePreviewButtons } from './commands/people/resume-preview.buttons';
import { UpdateContactCommand } from './commands/people/update-contact.command';
import { UploadResumeCommand } from './commands/people/upload-resume.command';
import { UnlinkedDiscordUsersCommand } from './commands/people/unlinked-discord-users.command';
import { SearchMembersCommand } from './commands/people/search-members.command';
import { ViewSkillsCommand } from './commands/people/view-skills.command';
import { OpsAlertButtons } from './commands/ops-alert.buttons';
import { PingCommand } from './commands/ping.command';
import { ReplayCommand } from './commands/replay.command';
import { RulesCommands } from './commands/rules.command';
import { ScheduleCommands } from './commands/schedule.command';
import { StatusCommand } from './commands/status.command';
import { UnparkCommand } from './commands/unpark.command';

/**
 * Every class of slash commands and buttons the bot serves. The bot provides these and registers
 * exactly their commands (so does `register-commands`): a new command is a class plus a line here.
 */
export const BOT_COMMANDS: Type[] = [
  PingCommand,
  StatusCommand,
  JobCommand,
  JobsCommands,
  RulesCommands,
  ReplayCommand,
  ScheduleCommands,
  UnparkCommand,
  DashboardCommand,
  // People and CRM (members read).
  SearchMembersCommand,
  ViewSkillsCommand,
  CrmStatusCommand,
  // People and CRM (admins).
  UnlinkedDiscordUsersCommand,
  LinkDiscordUserCommand,
  GetResumeCommand,
  UpdateContactCommand,
  MarkIdVerifiedCommand,
  // Members upload their own resume, admins anyone's; Apply/Cancel on its preview.
  UploadResumeCommand,
  ResumePreviewButtons,
  // Buttons on ops alerts; no slash command.
  OpsAlertButtons,
];
