import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { Paged } from '../platform/http/paged';
import { JOB_STATES, JobState } from './job-state';

class JobFilter {
  @IsOptional()
  @IsIn(JOB_STATES, { message: `state must be one of: ${JOB_STATES.join(', ')}` })
  state?: JobState;

  @IsOptional()
  @IsString()
  @Matches(/^[\w.-]{1,100}$/, { message: 'type must be a queue name such as webhook.route' })
  type?: string;
}

export class ListJobsQuery extends Paged(JobFilter) {}
