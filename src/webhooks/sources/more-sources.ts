import { Injectable } from '@nestjs/common';

/**
 * Sources that are not webhook sources (polled sync sources) listed beside them in
 * `GET /webhooks/sources`: their feature registers a lister here, so this module needs no
 * dependency on it.
 */
@Injectable()
export class MoreSources {
  private readonly listers: (() => Promise<object[]>)[] = [];

  add(lister: () => Promise<object[]>): void {
    this.listers.push(lister);
  }

  async list(): Promise<object[]> {
    return (await Promise.all(this.listers.map((lister) => lister()))).flat();
  }
}
