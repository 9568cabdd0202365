/** The parts of IMAP's BODYSTRUCTURE this feature reads (imapflow's MessageStructureObject). */
export interface StructurePart {
  part?: string;
  type: string;
  parameters?: Record<string, string>;
  size?: number;
  encoding?: string;
  disposition?: string;
  dispositionParameters?: Record<string, string>;
  childNodes?: StructurePart[];
}

export interface AttachmentLimits {
  allowedExtensions: readonly string[];
  maxFileBytes: number;
}

export interface AttachmentPart {
  /** The IMAP part number to download (`2`, `1.3`). */
  part: string;
  fileName: string;
  /** At least this many bytes once decoded (BODYSTRUCTURE gives the encoded size). */
  minimumBytes: number;
}

export interface RefusedAttachment {
  fileName: string;
  reason: string;
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/**
 * Base64 as mail writes it: 57 bytes per 76-character line plus CRLF. The smallest the decoded file
 * can be, so a part is refused for its size only when it is surely too large (the download is
 * bounded exactly as well).
 */
const decodedAtLeast = (size: number, encoding: string | undefined) =>
  encoding?.toLowerCase() === 'base64'
    ? Math.floor((size * 57) / 78)
    : encoding?.toLowerCase() === 'quoted-printable'
      ? Math.floor(size / 3)
      : size;

const extensionOf = (fileName: string) => {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
};

function* leaves(node: StructurePart): Generator<StructurePart> {
  if (node.childNodes && node.childNodes.length > 0) {
    for (const child of node.childNodes) yield* leaves(child);
  } else {
    yield node;
  }
}

/**
 * A message's named parts (files), judged from BODYSTRUCTURE before anything is downloaded: the
 * extension must be allowed and the size within the limit. Parts without a file name (the text, an
 * HTML body) are no attachments.
 */
export function attachmentParts(
  structure: StructurePart,
  limits: AttachmentLimits,
): { usable: AttachmentPart[]; refused: RefusedAttachment[] } {
  const usable: AttachmentPart[] = [];
  const refused: RefusedAttachment[] = [];
  for (const leaf of leaves(structure)) {
    const fileName = (leaf.dispositionParameters?.filename ?? leaf.parameters?.name ?? '').trim();
    if (!fileName) continue;
    const extension = extensionOf(fileName);
    if (!limits.allowedExtensions.includes(extension)) {
      refused.push({
        fileName,
        reason: `.${extension || '(none)'} is not an allowed extension (EMAIL_RESUME_ALLOWED_EXTENSIONS: ${limits.allowedExtensions.join(', ')})`,
      });
      continue;
    }
    const minimumBytes = decodedAtLeast(leaf.size ?? 0, leaf.encoding);
    if (minimumBytes > limits.maxFileBytes) {
      refused.push({
        fileName,
        reason: `at least ${mb(minimumBytes)}; at most ${mb(limits.maxFileBytes)} (EMAIL_RESUME_MAX_FILE_SIZE_MB)`,
      });
      continue;
    }
    usable.push({ part: leaf.part ?? '1', fileName, minimumBytes });
  }
  return { usable, refused };
}
