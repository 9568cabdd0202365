import type { Attachment } from 'discord.js';
import type { FileType } from '../../../../platform/config/files-config';
import { UserFacingError } from '../../interactions/bot-reply';

export interface FileRules {
  maxFileBytes: number;
  allowedTypes: readonly FileType[];
  /** Discord's CDN origin (DISCORD_CDN_URL): nothing is downloaded from anywhere else. */
  cdnUrl: string;
}

const DOWNLOAD_TIMEOUT_MS = 30_000;
const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

const BY_EXTENSION: Record<string, FileType> = { pdf: 'pdf', docx: 'docx', txt: 'txt' };
const BY_MIME: Record<string, FileType> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'text/plain': 'txt',
};

/**
 * What Discord says of an attached file, checked before a byte is downloaded: its size against
 * MAX_FILE_SIZE_MB, its name and type against ALLOWED_FILE_TYPES, its URL against Discord's CDN.
 * (The bytes are judged again by their content after the download: a name proves nothing.)
 */
export function checkAttachment(file: Attachment, rules: FileRules): void {
  const name = file.name || 'the file';
  if (file.size > rules.maxFileBytes) {
    throw new UserFacingError(
      `${name} has ${mb(file.size)}; resumes may have at most ${mb(rules.maxFileBytes)} (MAX_FILE_SIZE_MB). Nothing was read.`,
    );
  }
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase();
  const mime = file.contentType?.split(';')[0]?.trim().toLowerCase();
  const type = (extension && BY_EXTENSION[extension]) ?? (mime ? BY_MIME[mime] : undefined);
  if (!type || !rules.allowedTypes.includes(type)) {
    const what = extension ? `a .${extension} file` : (mime ?? 'a file of unknown type');
    throw new UserFacingError(
      `${name} is ${what}; accepted here: ${rules.allowedTypes.join(', ')} (ALLOWED_FILE_TYPES). Save it as ${rules.allowedTypes[0]?.toUpperCase() ?? 'PDF'} and try again.`,
    );
  }
  if (!fromCdn(file.url, rules.cdnUrl)) {
    throw new UserFacingError(`${name} is not on Discord's CDN (DISCORD_CDN_URL); it was not downloaded.`);
  }
}

function fromCdn(url: string, cdnUrl: string): boolean {
  try {
    return new URL(url).origin === new URL(cdnUrl).origin;
  } catch {
    return false;
  }
}

/** The file's bytes from Discord's CDN, refusing more than MAX_FILE_SIZE_MB whatever Discord declared. */
export async function downloadAttachment(file: Attachment, rules: FileRules): Promise<Buffer> {
  const name = file.name || 'the file';
  let response: Response;
  try {
    response = await fetch(file.url, { redirect: 'error', signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (error) {
    throw new UserFacingError(`${name} could not be downloaded from Discord: ${(error as Error).message}. Try again.`);
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw new UserFacingError(
      `Discord answered ${response.status} for ${name} (an expired or removed attachment?); attach it again.`,
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += (chunk as Uint8Array).length;
    if (size > rules.maxFileBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw new UserFacingError(`${name} is larger than ${mb(rules.maxFileBytes)} (MAX_FILE_SIZE_MB).`);
    }
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}
