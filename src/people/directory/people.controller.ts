import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { PeopleSyncService } from '../sync/people-sync.service';
import { PeopleDirectory } from './people-directory';
import { PeopleSearchQuery } from './people-search.query';

/** `GET /people?q=`, `GET /people/:id`, `GET /sync/people/runs`: the people cache and its syncs (people:read). */
@Controller()
export class PeopleController {
  constructor(
    private readonly directory: PeopleDirectory,
    private readonly sync: PeopleSyncService,
  ) {}

  @Get('people')
  search(@Query() query: PeopleSearchQuery) {
    return this.directory.search(query);
  }

  @Get('people/:id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.directory.get(id);
  }

  @Get('sync/people/runs')
  async runs() {
    return { runs: await this.sync.latestRuns(20) };
  }
}
