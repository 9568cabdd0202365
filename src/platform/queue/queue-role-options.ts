/** Whether this process works jobs (worker role) or only sends them. */
export class QueueRoleOptions {
  constructor(
    readonly works: boolean,
    readonly instanceName: string,
  ) {}
}
