import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { JOB_STATES, JobState } from './job-state';

export class ListJobsQuery {
  @IsOptional()
  @IsIn(JOB_STATES, { message: `state must be one of: ${JOB_STATES.join(', ')}` })
  state?: JobState;

  @IsOptional()
  @IsString()
  @Matches(/^[\w.-]{1,100}$/, { message: 'type must be a queue name such as webhook.route' })
  type?: string;

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
