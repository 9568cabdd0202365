import { Controller, HttpCode, Module, Param, Post, Req } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request } from 'express';
import getRawBody from 'raw-body';

@Controller('webhooks')
class BareController {
  /** The same route shape as the real one; reads the body the same way, answers 202, does nothing else. */
  @Post(':source')
  @HttpCode(202)
  async receive(@Param('source') _source: string, @Req() req: Request) {
    await getRawBody(req, { limit: 10 * 1024 * 1024, length: req.headers['content-length'] });
    return { ok: true };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

/** A bare Nest + Express app with only that route, on 127.0.0.1 and a free port. */
export async function startBare(): Promise<{ url: string; close(): Promise<void> }> {
  const app = await NestFactory.create<NestExpressApplication>(BareModule, { logger: false, bodyParser: false });
  app.disable('x-powered-by');
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
