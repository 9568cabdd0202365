import type { RouteKey, RouteRule } from './route-rule';

const PUBLIC: RouteRule = { access: 'public' };
const ADMIN_READ: RouteRule = { access: 'admin_or_machine' };
const adminChange = (audit: string | null): RouteRule => ({ access: 'admin_or_machine', audit });
const ADMIN_PAGE: RouteRule = { access: 'admin' };
const dashboardChange = (audit: string | null): RouteRule => ({ access: 'admin', audit });

/**
 * The one authorisation table: every HTTP route of every role and who may call it, applied by
 * AccessGuard. A route missing here fails the boot (and the authorisation matrix test).
 */
export const ACCESS_RULES: Record<RouteKey, RouteRule> = {
  'GET /health': PUBLIC,
  'GET /ready': PUBLIC,

  // Webhook deliveries (POST /webhooks/<source>[/<topic>]) are not Nest routes: IngestEndpoint serves
  // them ahead of Express, and the provider's signature is their authentication.

  'GET /webhooks/sources': ADMIN_READ,
  'GET /webhooks/sources/:slug': ADMIN_READ,
  'POST /webhooks/sources': adminChange('source.create'),
  'PATCH /webhooks/sources/:slug': adminChange('source.update'),
  'POST /webhooks/sources/:slug/rotate': adminChange('source.rotate_secret'),
  'POST /webhooks/sources/:slug/disable': adminChange('source.disable'),
  'POST /webhooks/sources/:slug/enable': adminChange('source.enable'),

  'GET /webhooks/events': ADMIN_READ,
  'GET /webhooks/events/:id': ADMIN_READ,
  'POST /webhooks/events/:id/replay': adminChange('event.replay'),
  'POST /webhooks/replays': adminChange('event.bulk_replay'),
  'GET /webhooks/replays/:id': ADMIN_READ,
  'GET /webhooks/rejections': ADMIN_READ,

  'GET /rules': ADMIN_READ,
  'POST /rules': adminChange('rule.create'),
  // A dry run: matches and renders, changes nothing.
  'POST /rules/test': adminChange(null),
  'PUT /rules/order': adminChange('rule.reorder'),
  'PATCH /rules/:id': adminChange('rule.update'),
  'DELETE /rules/:id': adminChange('rule.delete'),

  'GET /templates': ADMIN_READ,
  // Renders a template against an event; changes nothing.
  'POST /templates/preview': adminChange(null),
  'PUT /templates/:name': adminChange('template.save'),
  'DELETE /templates/:name': adminChange('template.delete'),

  'GET /jobs': ADMIN_READ,
  'GET /jobs/:id': ADMIN_READ,
  'POST /jobs/:id/retry': adminChange('job.retry'),
  'POST /jobs/:id/cancel': adminChange('job.cancel'),
  'POST /jobs/:id/redrive': adminChange('job.redrive'),
  'POST /jobs/:id/discard': adminChange('job.discard'),
  'POST /jobs/dead/redrive': adminChange('job.bulk_redrive'),
  'POST /jobs/dead/discard': adminChange('job.bulk_discard'),

  'GET /alerts': ADMIN_READ,
  'GET /discord/channels/parked': ADMIN_READ,
  'POST /discord/channels/:id/unpark': adminChange('discord.channel_unpark'),
  'GET /forward/targets/disabled': ADMIN_READ,
  'POST /forward/targets/enable': adminChange('forward.target_enable'),

  'GET /audit/events': ADMIN_READ,
  // Other systems (the bot, the dashboard's backend) report actions; the write is the action.
  'POST /audit/events': { access: 'machine', audit: null },

  // Sign-in. The auth services record auth.login / logout / link_issued / link_used themselves.
  'GET /auth/login': PUBLIC,
  'GET /auth/callback': PUBLIC,
  'GET /auth/bootstrap/:token': PUBLIC,
  'GET /auth/discord/link/:token': PUBLIC,
  'GET /auth/me': { access: 'signed_in' },
  'POST /auth/logout': { access: 'signed_in', audit: null },
  'POST /auth/discord/links': { access: 'machine', audit: null },

  // The dashboard (src/dashboard): pages for admin sessions; its forms are audited like the API.
  'GET /dashboard': ADMIN_PAGE,
  'GET /dashboard/assets/:name': ADMIN_PAGE,
  // Server-Sent Events: only which kind of thing changed; reading it changes nothing.
  'GET /dashboard/live': ADMIN_PAGE,
  'GET /dashboard/webhooks': ADMIN_PAGE,
  'GET /dashboard/webhooks/:id': ADMIN_PAGE,
  'POST /dashboard/webhooks/:id/replay': dashboardChange('event.replay'),
  'GET /dashboard/jobs': ADMIN_PAGE,
  'GET /dashboard/jobs/:id': ADMIN_PAGE,
  'POST /dashboard/jobs/:id/retry': dashboardChange('job.retry'),
  'POST /dashboard/jobs/:id/cancel': dashboardChange('job.cancel'),
  'POST /dashboard/jobs/retry-dead': dashboardChange('job.bulk_retry'),
  'POST /dashboard/jobs/:id/discard': dashboardChange('job.discard'),
  'POST /dashboard/jobs/discard-dead': dashboardChange('job.bulk_discard'),
  'POST /dashboard/discord/channels/:id/unpark': dashboardChange('discord.channel_unpark'),
  'POST /dashboard/forward/targets/enable': dashboardChange('forward.target_enable'),
  'POST /dashboard/webhooks/replays': dashboardChange('event.bulk_replay'),
  'GET /dashboard/webhooks/replays/:id': ADMIN_PAGE,
  'GET /dashboard/webhooks/replays/:id/progress': ADMIN_PAGE,
  'GET /dashboard/rules': ADMIN_PAGE,
  'GET /dashboard/rules/new': ADMIN_PAGE,
  // A dry run (RulesService.test): matches and renders, changes nothing.
  'GET /dashboard/rules/test': ADMIN_PAGE,
  'GET /dashboard/rules/:id': ADMIN_PAGE,
  'POST /dashboard/rules': dashboardChange('rule.create'),
  'POST /dashboard/rules/:id': dashboardChange('rule.update'),
  'POST /dashboard/rules/:id/enable': dashboardChange('rule.enable'),
  'POST /dashboard/rules/:id/disable': dashboardChange('rule.disable'),
  'POST /dashboard/rules/:id/move': dashboardChange('rule.reorder'),
  'POST /dashboard/rules/:id/delete': dashboardChange('rule.delete'),
  'GET /dashboard/sources': ADMIN_PAGE,
  'GET /dashboard/sources/:slug': ADMIN_PAGE,
  'POST /dashboard/sources': dashboardChange('source.create'),
  'POST /dashboard/sources/:slug/rotate': dashboardChange('source.rotate_secret'),
  'POST /dashboard/sources/:slug/enable': dashboardChange('source.enable'),
  'POST /dashboard/sources/:slug/disable': dashboardChange('source.disable'),
  'GET /dashboard/schedules': ADMIN_PAGE,
  // ScheduledMessagesService writes schedule.add / schedule.remove in the change's own transaction.
  'POST /dashboard/schedules': dashboardChange(null),
  'POST /dashboard/schedules/:id/remove': dashboardChange(null),
  'GET /dashboard/audit': ADMIN_PAGE,
};
