/**
 * A response body as text, refusing (and cancelling the rest of) bodies over `maxBytes`, so a
 * service answering something huge cannot take the worker's memory.
 */
export async function readBounded(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ResponseTooLargeError(`the answer is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
}
