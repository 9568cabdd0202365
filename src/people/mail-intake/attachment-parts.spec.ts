import { attachmentParts, StructurePart } from './attachment-parts';

const limits = { allowedExtensions: ['pdf', 'docx'], maxFileBytes: 1024 * 1024 };

const message = (...parts: StructurePart[]): StructurePart => ({
  type: 'multipart/mixed',
  childNodes: [{ part: '1', type: 'text/plain', size: 120, encoding: '7bit' }, ...parts],
});

describe('attachment parts', () => {
  it('takes named parts with an allowed extension and size, by file name or content-type name', () => {
    const structure = message(
      {
        part: '2',
        type: 'application/pdf',
        size: 4000,
        encoding: 'base64',
        disposition: 'attachment',
        dispositionParameters: { filename: 'CV.PDF' },
      },
      {
        part: '3',
        type: 'application/octet-stream',
        size: 100,
        encoding: 'base64',
        parameters: { name: 'resume.docx' },
      },
    );
    expect(attachmentParts(structure, limits)).toEqual({
      usable: [
        { part: '2', fileName: 'CV.PDF', minimumBytes: 2923 },
        { part: '3', fileName: 'resume.docx', minimumBytes: 73 },
      ],
      refused: [],
    });
  });

  it('refuses other extensions and parts surely too large, before any download', () => {
    const structure = message(
      {
        part: '2',
        type: 'application/x-msdownload',
        size: 10,
        encoding: 'base64',
        dispositionParameters: { filename: 'cv.exe' },
      },
      {
        part: '3',
        type: 'application/pdf',
        size: 2_000_000,
        encoding: 'base64',
        dispositionParameters: { filename: 'big.pdf' },
      },
      {
        part: '4',
        type: 'application/pdf',
        size: 1_400_000,
        encoding: 'base64',
        dispositionParameters: { filename: 'edge.pdf' },
      },
    );
    const { usable, refused } = attachmentParts(structure, limits);
    expect(usable.map((u) => u.fileName)).toEqual(['edge.pdf']);
    expect(refused).toEqual([
      { fileName: 'cv.exe', reason: expect.stringContaining('.exe is not an allowed extension') },
      { fileName: 'big.pdf', reason: expect.stringContaining('EMAIL_RESUME_MAX_FILE_SIZE_MB') },
    ]);
  });

  it('finds files in nested multiparts and ignores unnamed bodies', () => {
    const structure: StructurePart = {
      type: 'multipart/mixed',
      childNodes: [
        {
          type: 'multipart/alternative',
          childNodes: [
            { part: '1.1', type: 'text/plain' },
            { part: '1.2', type: 'text/html' },
          ],
        },
        { part: '2', type: 'application/pdf', size: 10, encoding: 'base64', parameters: { name: 'a.pdf' } },
      ],
    };
    expect(attachmentParts(structure, limits).usable.map((u) => u.part)).toEqual(['2']);
    expect(attachmentParts({ type: 'text/plain', part: '1' }, limits)).toEqual({ usable: [], refused: [] });
  });
});
