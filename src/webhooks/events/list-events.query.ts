import { Paged } from '../../platform/http/paged';
import { EventFilter } from './event-filter';

export class ListEventsQuery extends Paged(EventFilter) {}
