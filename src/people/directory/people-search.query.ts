import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class PeopleSearchQuery {
  /** Words to find in names, e-mails, Discord and GitHub names, skills and roles. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  @IsIn(['active', 'missing_in_crm'], { message: 'status must be active or missing_in_crm' })
  status?: 'active' | 'missing_in_crm';

  @IsOptional()
  @IsIn(['espocrm', 'hubspot'], { message: 'crm must be espocrm or hubspot' })
  crm?: 'espocrm' | 'hubspot';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}
