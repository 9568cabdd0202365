import { Module } from '@nestjs/common';
import { DashboardPlaceholderController } from './dashboard-placeholder.controller';

/** api role: the page admins land on after signing in (a placeholder for the dashboard). */
@Module({ controllers: [DashboardPlaceholderController] })
export class DashboardModule {}
