import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { pruneOlderThan, RetentionTasks } from '../../platform/retention/retention-tasks';

/** Previews expire within the hour; their rows serve only a late press. The audit events keep the history. */
export const PREVIEW_ROW_DAYS = 30;

/** Registers the hourly removal of `/upload-resume` previews created over PREVIEW_ROW_DAYS ago (worker role). */
@Injectable()
export class ResumePreviewRetention implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: RetentionTasks,
  ) {}

  onModuleInit(): void {
    this.tasks.register('discord_resume_previews', (signal) =>
      pruneOlderThan(
        this.dataSource,
        {
          table: 'discord_resume_previews',
          column: 'created_at',
          days: PREVIEW_ROW_DAYS,
          where: `status <> 'applying'`,
        },
        signal,
      ),
    );
  }
}
