import { IsArray, IsBoolean, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { EventChoiceDto } from './event-choice.dto';

export class CreateRuleDto {
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  text!: string;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateRuleDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  text?: string;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class ReorderRulesDto {
  /** Every rule id, in the new order. */
  @IsArray()
  @IsUUID('all', { each: true })
  ids!: string[];
}

export class TestRuleDto extends EventChoiceDto {
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  text!: string;
}
