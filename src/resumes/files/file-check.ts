import type { FileType } from '../../platform/config/files-config';
import { sniffFileType } from './sniff-file-type';
import { assertHonestZip, assertSafeZip, listZipEntries, ZipProblem } from './zip-directory';

/** A file refused before any parser saw it; the message says why, for the person who sent it. */
export class FileRefused extends Error {
  override readonly name = 'FileRefused';
  constructor(
    readonly status: 413 | 415 | 422,
    message: string,
  ) {
    super(message);
  }
}

export interface FileLimits {
  maxFileBytes: number;
  allowedTypes: readonly FileType[];
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/**
 * Size, type by magic bytes, allowed types, and for DOCX the ZIP directory (expanded size, ratio,
 * encryption): all before a parser runs.
 */
export async function checkFile(bytes: Buffer, limits: FileLimits): Promise<{ type: FileType; mime: string }> {
  if (bytes.length > limits.maxFileBytes) {
    throw new FileRefused(
      413,
      `The file has ${mb(bytes.length)}; at most ${mb(limits.maxFileBytes)} (MAX_FILE_SIZE_MB)`,
    );
  }
  const sniffed = sniffFileType(bytes);
  if (sniffed.type === null) throw new FileRefused(415, `The file is ${sniffed.reason}`);
  if (!limits.allowedTypes.includes(sniffed.type)) {
    throw new FileRefused(
      415,
      `The file is a ${sniffed.type.toUpperCase()} file; accepted here: ${limits.allowedTypes.join(', ')} (ALLOWED_FILE_TYPES)`,
    );
  }
  if (sniffed.type === 'docx') {
    try {
      // Ten times the upload limit expanded is far beyond any real resume.
      const entries = listZipEntries(bytes);
      assertSafeZip(entries, Math.max(20 * 1024 * 1024, limits.maxFileBytes * 10));
      await assertHonestZip(bytes, entries);
    } catch (error) {
      if (error instanceof ZipProblem) throw new FileRefused(422, `The DOCX file is refused: ${error.message}`);
      throw error;
    }
  }
  return sniffed;
}
