import { Injectable } from '@nestjs/common';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import { gmailWatchQueue } from './gmail-watch.queue';
import { GmailWatchService } from './gmail-watch.service';

/** Worker role: the daily renewal of Gmail watches. */
@Injectable()
export class GmailWatchHandler {
  constructor(private readonly watches: GmailWatchService) {}

  @JobHandler(gmailWatchQueue)
  run() {
    return this.watches.renewAll();
  }
}
