/** A stored body as JSON when it parses (every JSON provider's does), else the text as received. */
export function storedPayload(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
