import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

type Constructor<T = object> = new (...args: any[]) => T;

/** Adds the keyset paging parameters (`limit`, `cursor`) to a query class. */
export function Paged<TBase extends Constructor>(Base: TBase) {
  class PagedQuery extends Base {
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
  return PagedQuery;
}
