import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditLog } from './audit-log';
import { AuditEventRecord } from './audit-event.entity';

/** Every role: the audit writer (the list API lives with the admin HTTP modules). */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEventRecord])],
  providers: [AuditLog],
  exports: [AuditLog],
})
export class AuditModule {}
