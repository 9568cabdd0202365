import { IsObject, IsOptional, IsString, IsUUID } from 'class-validator';

/** The event a dry run renders against: a stored one by id, or a sample type and payload. */
export class EventChoiceDto {
  @IsOptional()
  @IsUUID()
  eventId?: string;

  @IsOptional()
  @IsString()
  eventType?: string;

  @IsOptional()
  @IsObject()
  payload?: Record<string, unknown>;
}
