import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { EventChoiceDto } from '../rule-store/event-choice.dto';

export const TEMPLATE_NAME = /^[a-z0-9_.-]{1,100}$/;

export class SaveTemplateDto {
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  body!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class PreviewTemplateDto extends EventChoiceDto {
  /** Liquid to try, or the name of a stored template. */
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  body?: string;

  @IsOptional()
  @IsString()
  @Matches(TEMPLATE_NAME, { message: 'name must be a template name (a-z, 0-9, _, . and -)' })
  name?: string;
}
