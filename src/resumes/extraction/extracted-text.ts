import type { FileType } from '../../platform/config/files-config';

export interface ParseRequest {
  type: FileType;
  bytes: Uint8Array;
  maxChars: number;
}

export interface ExtractedText {
  text: string;
  /** Link targets the document carries (PDF link annotations, DOCX hyperlinks), besides URLs in the text. */
  links: string[];
  pages?: number;
}

export type ParseAnswer =
  | { ok: true; result: ExtractedText }
  | { ok: false; kind: 'encrypted' | 'corrupt' | 'unsupported'; message: string };
