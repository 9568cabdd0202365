import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class IssueLinkDto {
  @Matches(/^\d{17,20}$/, { message: 'discordUserId must be a Discord user id (a snowflake)' })
  discordUserId!: string;

  /** A path on this server to land on; anything else lands on DASHBOARD_DEFAULT_PATH. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  next?: string;
}
