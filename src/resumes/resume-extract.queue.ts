import { defineQueue } from '../platform/queue/queue-definition';

export interface ResumeExtractPayload {
  /** The ledger row (resume_extractions.id) to fill. */
  extractionId: string;
}

/**
 * Text and a profile from one stored resume. Two at a time per worker: each runs a parser thread
 * of up to RESUME_PARSE_MEMORY_MB.
 */
export const resumeExtractQueue = defineQueue<ResumeExtractPayload>('resume.extract', {
  concurrency: 1,
  batchSize: 2,
  retryLimit: 3,
});
