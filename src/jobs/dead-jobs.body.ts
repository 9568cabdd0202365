import { IsOptional, IsString, Matches } from 'class-validator';

const QUEUE_NAME = /^[\w.-]{1,100}$/;
const MESSAGE = 'type must be a queue name such as discord.post';

/** `POST /jobs/dead/redrive`: the dead jobs of one type, or of every type. */
export class RedriveDeadBody {
  @IsOptional()
  @IsString()
  @Matches(QUEUE_NAME, { message: MESSAGE })
  type?: string;
}

/** `POST /jobs/dead/discard`: the dead jobs of one type (required: discarding is for good). */
export class DiscardDeadBody {
  @IsString({ message: 'type is required: the queue whose dead jobs to discard, such as discord.post' })
  @Matches(QUEUE_NAME, { message: MESSAGE })
  type!: string;
}
