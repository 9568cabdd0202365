import type { IncomingMessage } from 'node:http';
import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import getRawBody from 'raw-body';

/**
 * The exact request bytes, up to `limit`. A declared Content-Length over the limit is refused
 * before anything is read.
 */
export async function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw new PayloadTooLargeException(
      `Body of ${declared} bytes is over the limit of ${limit} bytes (WEBHOOK_MAX_BODY_BYTES)`,
    );
  }
  try {
    return await getRawBody(req, { limit, length: req.headers['content-length'] });
  } catch (error) {
    const { type, message } = error as { type?: string; message: string };
    if (type === 'entity.too.large') {
      throw new PayloadTooLargeException(`Body is over the limit of ${limit} bytes (WEBHOOK_MAX_BODY_BYTES)`);
    }
    throw new BadRequestException(`Could not read the request body: ${message}`);
  }
}
