import { IsArray, IsBoolean, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

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

export class TestRuleDto {
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  text!: string;

  /** A stored event to test against… */
  @IsOptional()
  @IsUUID()
  eventId?: string;

  /** …or a sample: its type and payload. */
  @IsOptional()
  @IsString()
  eventType?: string;

  @IsOptional()
  @IsObject()
  payload?: Record<string, unknown>;
}
