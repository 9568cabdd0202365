import { createDeflateRaw, crc32, deflateSync } from 'node:zlib';
import { Document, ExternalHyperlink, Packer, Paragraph, TextRun } from 'docx';
import { PDFDocument, PDFHexString, PDFName, PDFString, StandardFonts } from 'pdf-lib';

/** The sample person's resume text, line by line (page 1, page 2). */
export const SAMPLE_PAGES = [
  [
    'Curriculum Vitae',
    'LOVELACE, ADA',
    'Senior Backend Developer',
    'Location: London, United Kingdom',
    'ada@analytical.example | +44 20 7946 0958',
    'LinkedIn',
    'Experience',
    'Analytical Engines Ltd, 2019 - 2024: Backend Developer',
  ],
  ['Skills: TypeScript, Node.js, PostgreSQL, Docker', 'Education', 'University of London'],
];

/** A two-page PDF, the LinkedIn profile only as a link annotation (as word processors export it). */
export async function samplePdf(pages = SAMPLE_PAGES): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 18, size: 12, font }));
  }
  const link = pdf.context.register(
    pdf.context.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: [50, 680, 120, 695],
      Border: [0, 0, 0],
      A: { S: 'URI', URI: PDFString.of('https://www.linkedin.com/in/ada-lovelace') },
    }),
  );
  pdf.getPage(0).node.set(PDFName.of('Annots'), pdf.context.obj([link]));
  return Buffer.from(await pdf.save());
}

/** A DOCX with a hyperlink to the GitHub profile (mammoth keeps link targets). */
export async function sampleDocx(): Promise<Buffer> {
  const paragraph = (text: string) => new Paragraph({ children: [new TextRun(text)] });
  const doc = new Document({
    sections: [
      {
        children: [
          paragraph('Resume'),
          paragraph('Grace Hopper'),
          paragraph('Lead Software Engineer'),
          paragraph('grace.hopper@cobol.example · Phone: +1 212 555 0100'),
          paragraph('Based in: New York, USA'),
          new Paragraph({
            children: [
              new ExternalHyperlink({ link: 'https://github.com/ghopper', children: [new TextRun('GitHub')] }),
            ],
          }),
          paragraph('Skills: COBOL, Python, SQL, Kubernetes, Terraform'),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** A PDF whose body is garbage after a valid-looking header. */
export const corruptPdf = () =>
  Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R'), Buffer.alloc(2000, 0x8f)]);

/** A PDF with a Standard security handler and a user password: unreadable without it. */
export async function encryptedPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage().drawText('secret');
  const encrypt = pdf.context.register(
    pdf.context.obj({
      Filter: 'Standard',
      V: 2,
      R: 3,
      Length: 128,
      P: -3904,
      O: PDFHexString.of('a'.repeat(64)),
      U: PDFHexString.of('b'.repeat(64)),
    }),
  );
  pdf.context.trailerInfo.Encrypt = encrypt;
  pdf.context.trailerInfo.ID = pdf.context.obj([PDFHexString.of('0'.repeat(32)), PDFHexString.of('0'.repeat(32))]);
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

/** Deflates `total` zero bytes without holding them (1 MB at a time). */
async function deflatedZeros(total: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const mb = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < total; written += mb.length) {
    if (!deflate.write(mb)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return Buffer.concat(chunks);
}

function zip(entries: { name: string; data: Buffer; size: number; crc: number; method: 0 | 8 }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const contentTypes = Buffer.from(
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="xml" ContentType="application/xml"/></Types>',
);

/**
 * A "DOCX" whose word/document.xml inflates to `expandedBytes` of zeros. `honest`: the ZIP directory
 * says so; otherwise it claims 2 KB, so only the parser's limits stop it.
 */
export async function zipBombDocx(expandedBytes: number, honest: boolean): Promise<Buffer> {
  const bomb = await deflatedZeros(expandedBytes);
  return zip([
    { name: '[Content_Types].xml', data: contentTypes, size: contentTypes.length, crc: crc32(contentTypes), method: 0 },
    { name: 'word/document.xml', data: bomb, size: honest ? expandedBytes : 2048, crc: 0, method: 8 },
  ]);
}

/**
 * A PDF whose one content stream inflates to `operators` text-showing operators: a parser reading
 * its text works far beyond any time limit (or memory) a resume deserves.
 */
export function spinningPdf(operators: number): Buffer {
  const op = Buffer.from('BT /F1 1 Tf (x) Tj ET\n');
  const raw = Buffer.alloc(op.length * operators);
  for (let i = 0; i < operators; i++) op.copy(raw, i * op.length);
  const stream = deflateSync(raw, { level: 9 });
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n')];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk =
      body === null
        ? Buffer.concat([
            Buffer.from(`${i + 1} 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`),
            stream,
            Buffer.from('\nendstream\nendobj\n'),
          ])
        : Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`);
    parts.push(chunk);
    length += chunk.length;
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    'startxref',
    String(length),
    '%%EOF',
  ].join('\n');
  parts.push(Buffer.from(xref));
  return Buffer.concat(parts);
}
