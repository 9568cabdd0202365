import type { IncomingMessage } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { clientAddressReader } from '../http/client-address';
import { redactUrl } from './redaction';
import { requestId, requestLogLevel } from './request-id';
import { RequestLogging } from './request-logging';

/**
 * JSON logs through pino: one line per request, the request id on every line logged during it, and
 * the client's address (`remoteAddress`: the peer, or the address a trusted proxy forwarded, as
 * TRUST_PROXY says).
 */
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger, trustProxy: boolean | number | string = false): DynamicModule {
    const clientAddress = clientAddressReader(trustProxy);
    return {
      module: LoggingModule,
      global: true,
      providers: [{ provide: RequestLogging, useValue: new RequestLogging(logger, clientAddress) }],
      exports: [RequestLogging],
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger,
            genReqId: requestId,
            customLogLevel: (_req, res, error) => requestLogLevel(res.statusCode, error),
            autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/ready' },
            serializers: {
              req: (req: { id: string; method: string; url: string; raw?: IncomingMessage }) => ({
                id: req.id,
                method: req.method,
                url: redactUrl(req.url),
                ...(req.raw ? { remoteAddress: clientAddress(req.raw) } : {}),
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
          renameContext: 'context',
        }),
      ],
    };
  }
}
