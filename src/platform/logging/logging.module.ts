import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { redactUrl } from './redaction';
import { requestId, requestLogLevel } from './request-id';
import { RequestLogging } from './request-logging';

/** JSON logs through pino: one line per request, the request id on every line logged during it. */
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      global: true,
      providers: [{ provide: RequestLogging, useValue: new RequestLogging(logger) }],
      exports: [RequestLogging],
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger,
            genReqId: requestId,
            customLogLevel: (_req, res, error) => requestLogLevel(res.statusCode, error),
            autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/ready' },
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: redactUrl(req.url),
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
