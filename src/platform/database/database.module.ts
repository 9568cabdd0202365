import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source-options';
import { DatabaseUrl } from './database-url.token';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(url: string, poolSize: number): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(url, poolSize),
          autoLoadEntities: true,
          // Fail fast at boot; at run time the pool reconnects by itself when Postgres returns.
          retryAttempts: 3,
          retryDelay: 1000,
        }),
      ],
      providers: [{ provide: DatabaseUrl, useValue: new DatabaseUrl(url) }],
      exports: [DatabaseUrl],
    };
  }
}
