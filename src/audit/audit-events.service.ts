import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeKeyset, encodeKeyset, keysetAt } from '../platform/http/keyset-cursor';
import type { AuditSource } from './audit-event.entity';
import type { AuditActor } from './audit-log';
import { auditConditions, ListAuditEventsQuery } from './audit-filter';
import type { ReportAuditEventDto } from './report-audit-event.dto';

interface AuditRow {
  id: string;
  at: Date;
  source: AuditSource;
  actor_id: string;
  actor_name: string | null;
  action: string;
  target: string | null;
  data: Record<string, unknown>;
  via_id: string | null;
  via_name: string | null;
}

const MAX_DATA_BYTES = 16 * 1024;

const view = (row: AuditRow) => ({
  id: row.id,
  at: row.at.toISOString(),
  source: row.source,
  actor: { id: row.actor_id, name: row.actor_name },
  action: row.action,
  target: row.target,
  data: row.data,
  via: row.via_id === null ? null : { id: row.via_id, name: row.via_name },
});

/** The audit trail over HTTP: reading it, and events reported by other systems. */
@Injectable()
export class AuditEventsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListAuditEventsQuery) {
    const limit = query.limit ?? 50;
    const params: unknown[] = [];
    const where = auditConditions(query, params);
    if (query.cursor) {
      const cursor = decodeKeyset(query.cursor);
      if (!/^\d{1,18}$/.test(cursor.id))
        throw new BadRequestException('cursor is not a value returned as "next" by this endpoint');
      params.push(cursor.at, cursor.id);
      where.push(`(at, id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
    }
    params.push(limit + 1);
    const rows = await this.dataSource.query<(AuditRow & { keyset_at: string })[]>(
      `SELECT *, ${keysetAt('at')} AS keyset_at FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { events: page.map(view), next: rows.length > limit && last ? encodeKeyset(last.keyset_at, last.id) : null };
  }

  /** An event reported by `via` (the API token that sent it) on the actor's behalf. */
  async report(dto: ReportAuditEventDto, via: AuditActor) {
    const data = dto.data ?? {};
    if (Buffer.byteLength(JSON.stringify(data)) > MAX_DATA_BYTES) {
      throw new BadRequestException(`data must be at most ${MAX_DATA_BYTES} bytes of JSON`);
    }
    const [row] = await this.dataSource.query<AuditRow[]>(
      `INSERT INTO audit_events (source, actor_id, actor_name, action, target, data, via_id, via_name)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [
        dto.source,
        dto.actor.id,
        dto.actor.name ?? null,
        dto.action,
        dto.target ?? null,
        JSON.stringify(data),
        via.id,
        via.name ?? null,
      ],
    );
    return view(row!);
  }
}
