import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';

const inflate = promisify(inflateRaw);

export interface ZipEntry {
  name: string;
  /** Where the entry's local header starts. */
  offset: number;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  encrypted: boolean;
}

export class ZipProblem extends Error {
  override readonly name = 'ZipProblem';
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const MAX_ENTRIES = 5000;

/**
 * The entries a ZIP's central directory declares, read without inflating anything. ZIP64 is refused:
 * no resume needs 4 GB entries, and its sizes are where bombs hide.
 */
export function listZipEntries(bytes: Buffer): ZipEntry[] {
  const from = Math.max(0, bytes.length - 65_557);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= from; i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipProblem('no end of central directory (truncated or not a ZIP)');
  const count = bytes.readUInt16LE(eocd + 10);
  const size = bytes.readUInt32LE(eocd + 12);
  const offset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) throw new ZipProblem('ZIP64 archives are not accepted');
  if (count > MAX_ENTRIES) throw new ZipProblem(`${count} entries (at most ${MAX_ENTRIES})`);
  if (offset + size > bytes.length) throw new ZipProblem('the central directory lies outside the file');
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) {
      throw new ZipProblem('a damaged central directory entry');
    }
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const uncompressedSize = bytes.readUInt32LE(at + 24);
    const compressedSize = bytes.readUInt32LE(at + 20);
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff) {
      throw new ZipProblem('ZIP64 entries are not accepted');
    }
    entries.push({
      name: bytes.toString('utf8', at + 46, Math.min(bytes.length, at + 46 + nameLength)),
      offset: bytes.readUInt32LE(at + 42),
      method: bytes.readUInt16LE(at + 10),
      compressedSize,
      uncompressedSize,
      encrypted: (bytes.readUInt16LE(at + 8) & 1) === 1,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Refuses archives that would expand beyond `maxTotalBytes` or compress suspiciously well (a bomb). */
export function assertSafeZip(entries: ZipEntry[], maxTotalBytes: number): void {
  const total = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (total > maxTotalBytes) {
    throw new ZipProblem(
      `it would expand to ${Math.round(total / 1024 / 1024)} MB (at most ${Math.round(maxTotalBytes / 1024 / 1024)} MB): a zip bomb?`,
    );
  }
  const bomb = entries.find((e) => e.uncompressedSize > 1024 * 1024 && e.uncompressedSize > e.compressedSize * 100);
  if (bomb) {
    throw new ZipProblem(
      `${bomb.name} expands ${Math.round(bomb.uncompressedSize / Math.max(1, bomb.compressedSize))} times (a zip bomb?)`,
    );
  }
  if (entries.some((e) => e.encrypted)) throw new ZipProblem('it is encrypted');
}

/**
 * Inflates each deflated entry, stopping one byte past the size its directory declares: an entry
 * that grows beyond it lies (a bomb disguised by a small declared size) and is refused without ever
 * holding more than the declared bytes. Runs on zlib's thread pool.
 */
export async function assertHonestZip(bytes: Buffer, entries: ZipEntry[]): Promise<void> {
  for (const entry of entries) {
    if (entry.method !== 8) continue;
    const at = entry.offset;
    if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== 0x04034b50) {
      throw new ZipProblem(`${entry.name}: damaged local header`);
    }
    const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
    const data = bytes.subarray(start, start + entry.compressedSize);
    try {
      const out = await inflate(data, { maxOutputLength: entry.uncompressedSize + 1 });
      if (out.length !== entry.uncompressedSize) {
        throw new ZipProblem(`${entry.name} does not expand to the size its directory declares`);
      }
    } catch (error) {
      if (error instanceof ZipProblem) throw error;
      if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new ZipProblem(
          `${entry.name} expands beyond the ${entry.uncompressedSize} bytes it declares (a zip bomb?)`,
        );
      }
      throw new ZipProblem(`${entry.name} cannot be inflated: ${(error as Error).message}`);
    }
  }
}
