import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AmbientDataSource, AmbientTransaction } from './ambient-transaction';
import { dataSourceOptions } from './data-source-options';
import { DatabaseUrl } from './database-url.token';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(url: string, poolSize: number): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions(url, poolSize),
            autoLoadEntities: true,
            // Fail fast at boot; at run time the pool reconnects by itself when Postgres returns.
            retryAttempts: 3,
            retryDelay: 1000,
          }),
          // Query runners join the ambient transaction, if any (see AmbientTransaction).
          dataSourceFactory: (options) => new AmbientDataSource(options!).initialize(),
        }),
      ],
      providers: [{ provide: DatabaseUrl, useValue: new DatabaseUrl(url) }, AmbientTransaction],
      exports: [DatabaseUrl, AmbientTransaction],
    };
  }
}
