import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { EventFilter } from './event-filter';

export class ListEventsQuery extends EventFilter {
  @IsOptional()
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  /** The `next` value of the previous page. */
  @IsOptional()
  @IsString()
  cursor?: string;
}
