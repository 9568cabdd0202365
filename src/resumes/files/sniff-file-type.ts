import type { FileType } from '../../platform/config/files-config';
import { listZipEntries, ZipProblem } from './zip-directory';

export type Sniffed = { type: FileType; mime: string } | { type: null; reason: string };

export const FILE_MIME: Record<FileType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain; charset=utf-8',
};

const startsWith = (bytes: Buffer, magic: number[]) => magic.every((b, i) => bytes[i] === b);
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const isUtf8Text = (bytes: Buffer): boolean => {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** What a file is, from its bytes (never its name): PDF, a ZIP holding word/document.xml, or UTF-8 text. */
export function sniffFileType(bytes: Buffer): Sniffed {
  const found = (type: FileType): Sniffed => ({ type, mime: FILE_MIME[type] });
  if (bytes.length === 0) return { type: null, reason: 'the file is empty' };
  // Some writers put a few bytes before the header; PDF readers accept it within the first 1 KB.
  if (startsWith(bytes, PDF) || bytes.subarray(0, 1024).includes('%PDF-')) return found('pdf');
  if (startsWith(bytes, ZIP)) {
    try {
      const entries = listZipEntries(bytes);
      if (entries.some((e) => e.name === 'word/document.xml')) return found('docx');
      return { type: null, reason: 'a ZIP archive that is not a Word document (no word/document.xml)' };
    } catch (error) {
      if (error instanceof ZipProblem) return { type: null, reason: `a damaged ZIP/DOCX file: ${error.message}` };
      throw error;
    }
  }
  if (startsWith(bytes, OLE)) {
    return {
      type: null,
      reason:
        'an old-format Word (.doc) or password-protected Office file, which is not read here: save it as PDF or DOCX without a password',
    };
  }
  const head = bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? bytes.subarray(3) : bytes;
  if (isUtf8Text(head)) return found('txt');
  return { type: null, reason: 'not a PDF, DOCX or UTF-8 text file (judged by its content, not its name)' };
}
