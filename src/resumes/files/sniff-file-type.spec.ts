import { deflateRawSync } from 'node:zlib';
import { sniffFileType } from './sniff-file-type';
import { assertHonestZip, assertSafeZip, listZipEntries, ZipProblem } from './zip-directory';

/** A one-entry ZIP (deflated), with the directory declaring `declared` bytes uncompressed. */
function zipOf(name: string, content: Buffer, declared = content.length): Buffer {
  const data = deflateRawSync(content);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const directory = Buffer.concat([central, nameBytes]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(30 + nameBytes.length + data.length, 16);
  return Buffer.concat([local, nameBytes, data, directory, end]);
}

describe('file type by content', () => {
  it('tells PDF, DOCX and UTF-8 text apart by their bytes, whatever they are called', () => {
    expect(sniffFileType(Buffer.from('%PDF-1.7\n...'))).toMatchObject({ type: 'pdf' });
    expect(sniffFileType(zipOf('word/document.xml', Buffer.from('<w:document/>')))).toMatchObject({ type: 'docx' });
    expect(sniffFileType(Buffer.from('\ufeffAda Lovelace – Résumé\n'))).toMatchObject({ type: 'txt' });
  });

  it('refuses what it cannot read, saying what it looks like', () => {
    expect(sniffFileType(Buffer.alloc(0))).toEqual({ type: null, reason: 'the file is empty' });
    expect(sniffFileType(zipOf('xl/workbook.xml', Buffer.from('<x/>')))).toMatchObject({
      type: null,
      reason: expect.stringMatching(/not a Word document/),
    });
    expect(sniffFileType(Buffer.from('d0cf11e0a1b11ae1000000', 'hex'))).toMatchObject({
      reason: expect.stringMatching(/old-format Word/),
    });
    expect(sniffFileType(Buffer.from([0xff, 0xfe, 0x00, 0x41]))).toMatchObject({ type: null });
    expect(sniffFileType(Buffer.from('PK\x03\x04 truncated'))).toMatchObject({
      reason: expect.stringMatching(/damaged ZIP/),
    });
  });

  it('catches a ZIP entry that expands beyond what its directory declares, without holding it all', async () => {
    const honest = zipOf('word/document.xml', Buffer.alloc(5000, 'a'));
    await expect(assertHonestZip(honest, listZipEntries(honest))).resolves.toBeUndefined();
    const liar = zipOf('word/document.xml', Buffer.alloc(50 * 1024 * 1024), 100);
    await expect(assertHonestZip(liar, listZipEntries(liar))).rejects.toThrow(
      new ZipProblem('word/document.xml expands beyond the 100 bytes it declares (a zip bomb?)'),
    );
  });

  it('refuses archives that would expand too far or compress like a bomb', () => {
    const big = listZipEntries(zipOf('word/document.xml', Buffer.alloc(3 * 1024 * 1024)));
    expect(() => assertSafeZip(big, 1024 * 1024)).toThrow(/would expand to 3 MB \(at most 1 MB\)/);
    expect(() => assertSafeZip(big, 100 * 1024 * 1024)).toThrow(/expands \d+ times \(a zip bomb\?\)/);
  });
});
