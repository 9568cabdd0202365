import { parentPort, workerData } from 'node:worker_threads';
import type { ExtractedText, ParseAnswer, ParseRequest } from './extracted-text';
import { htmlToText } from './html-text';

/**
 * Runs in a worker thread with a heap limit; the parent ends it at the time limit. Parsers see only
 * bytes: no file paths, no network, no external files (mammoth's external file access stays off).
 */
async function parse(request: ParseRequest): Promise<ExtractedText> {
  switch (request.type) {
    case 'pdf': {
      const { extractLinks, extractText, getDocumentProxy } = await import('unpdf');
      // unpdf's pdf.js build has no eval path (no font program compiled to code), so nothing to switch off.
      const pdf = await getDocumentProxy(request.bytes);
      const { text, totalPages } = await extractText(pdf, { mergePages: false });
      const { links } = await extractLinks(pdf);
      return { text: text.join('\n\n'), links, pages: totalPages };
    }
    case 'docx': {
      const mammoth = await import('mammoth');
      const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(request.bytes) });
      return htmlToText(value);
    }
    case 'txt': {
      const text = new TextDecoder('utf-8').decode(request.bytes).replace(/^\uFEFF/, '');
      return { text, links: [] };
    }
  }
}

function classify(error: unknown): ParseAnswer {
  const name = (error as Error)?.name ?? '';
  const message = (error as Error)?.message ?? String(error);
  if (name === 'PasswordException' || /password|encrypt/i.test(message)) {
    return { ok: false, kind: 'encrypted', message: 'the file is password-protected (encrypted)' };
  }
  return { ok: false, kind: 'corrupt', message: `the file could not be read: ${message.slice(0, 300)}` };
}

const request = workerData as ParseRequest;
parse(request).then(
  (result) => {
    const answer: ParseAnswer = {
      ok: true,
      result: { ...result, text: result.text.slice(0, request.maxChars), links: result.links.slice(0, 200) },
    };
    parentPort!.postMessage(answer);
  },
  (error: unknown) => parentPort!.postMessage(classify(error)),
);
