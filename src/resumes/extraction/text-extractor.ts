import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { FileType } from '../../platform/config/files-config';
import type { ExtractedText, ParseAnswer, ParseRequest } from './extracted-text';

export interface ExtractionLimits {
  timeoutMs: number;
  memoryMb: number;
  maxChars?: number;
}

/** Why a file gave no text; the message is for people (it ends up on the job). */
export class ExtractionError extends Error {
  override readonly name = 'ExtractionError';
  constructor(
    readonly kind: 'encrypted' | 'corrupt' | 'unsupported' | 'timeout' | 'memory' | 'crashed',
    message: string,
  ) {
    super(message);
  }
}

// From the sources (tests, benches) the worker is TypeScript: it loads the same compiler hook.
const fromSource = __filename.endsWith('.ts');
const WORKER_FILE = join(__dirname, `parse-worker${fromSource ? '.ts' : '.js'}`);

/**
 * Extracts text in a fresh worker thread per file, with a heap limit and a time limit: a parser that
 * spins is terminated, one that runs out of memory dies alone; the process that asked is unharmed.
 */
export function extractText(type: FileType, bytes: Buffer, limits: ExtractionLimits): Promise<ExtractedText> {
  const request: ParseRequest = { type, bytes: new Uint8Array(bytes), maxChars: limits.maxChars ?? 200_000 };
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, {
      workerData: request,
      execArgv: fromSource ? ['--require', '@swc-node/register'] : [],
      resourceLimits: {
        maxOldGenerationSizeMb: limits.memoryMb,
        maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.floor(limits.memoryMb / 8))),
        stackSizeMb: 4,
      },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      void worker.terminate();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new ExtractionError(
              'timeout',
              `reading the file took longer than ${limits.timeoutMs / 1000} s (RESUME_PARSE_TIMEOUT_SECONDS): the parser was stopped`,
            ),
          ),
        ),
      limits.timeoutMs,
    );
    worker.once('message', (answer: ParseAnswer) =>
      finish(() => (answer.ok ? resolve(answer.result) : reject(new ExtractionError(answer.kind, answer.message)))),
    );
    worker.once('error', (error: Error & { code?: string }) =>
      finish(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ExtractionError(
                'memory',
                `reading the file needed more than ${limits.memoryMb} MB (RESUME_PARSE_MEMORY_MB): the parser was stopped`,
              )
            : new ExtractionError('crashed', `the parser failed: ${error.message}`),
        ),
      ),
    );
    worker.once('exit', (code) =>
      finish(() => reject(new ExtractionError('crashed', `the parser stopped without an answer (exit code ${code})`))),
    );
  });
}
