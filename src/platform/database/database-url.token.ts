/** The resolved connection URL (external, or the embedded cluster's), provided to every module. */
export class DatabaseUrl {
  constructor(readonly value: string) {}
}
