import { Matches } from 'class-validator';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export class SkillProposalQuery {
  /** The contact's extractions to merge, comma-separated: POST /process-contact/:id's `extractionIds` (its `proposalUrl`). */
  @Matches(new RegExp(`^${UUID}(,${UUID}){0,99}$`), {
    message: 'extractionIds must be extraction ids (UUIDs) separated by commas, as POST /process-contact/:id answers',
  })
  extractionIds!: string;
}
