import type { Scope } from '../tokens/token-scopes';
import type { RouteKey, RouteRule } from './route-rule';

const PUBLIC: RouteRule = { access: 'public' };
/** The admin API: an admin session, or an API token holding `scope`. */
const adminRead = (scope: Scope): RouteRule => ({ access: 'admin_or_machine', scope });
const adminChange = (scope: Scope, audit: string | null): RouteRule => ({ access: 'admin_or_machine', scope, audit });
const ADMIN_PAGE: RouteRule = { access: 'admin' };
const dashboardChange = (audit: string | null): RouteRule => ({ access: 'admin', audit });

/**
 * The one authorisation table: every HTTP route of every role, who may call it and, for routes API
 * tokens open, the scope they need; applied by AccessGuard. A route missing here, or one tokens open
 * without a scope, fails the boot (and the authorisation matrix test).
 */
export const ACCESS_RULES: Record<RouteKey, RouteRule> = {
  'GET /health': PUBLIC,
  'GET /ready': PUBLIC,
  // Prometheus on the api: a token with metrics:read (worker and bot serve it open on HEALTH_PORT).
  'GET /metrics': adminRead('metrics:read'),

  // The API reference (src/api-docs): Swagger UI's files and the OpenAPI document, served by
  // @nestjs/swagger on Express (not controllers); they describe the routes, never any data.
  'GET /docs': PUBLIC,
  'GET /docs/': PUBLIC,
  'GET /docs/index.html': PUBLIC,
  'GET /docs/swagger-ui-init.js': PUBLIC,
  'GET /docs/docs/swagger-ui-init.js': PUBLIC,
  'GET /docs/LICENSE': PUBLIC,
  'GET /docs-json': PUBLIC,
  'GET /docs-yaml': PUBLIC,

  // Webhook deliveries (POST /webhooks/<source>[/<topic>]) are not Nest routes: IngestEndpoint serves
  // them ahead of Express, and the provider's signature is their authentication.

  'GET /webhooks/sources': adminRead('events:read'),
  'GET /webhooks/sources/:slug': adminRead('events:read'),
  'POST /webhooks/sources': adminChange('sources:write', 'source.create'),
  'PATCH /webhooks/sources/:slug': adminChange('sources:write', 'source.update'),
  'POST /webhooks/sources/:slug/rotate': adminChange('sources:write', 'source.rotate_secret'),
  'POST /webhooks/sources/:slug/disable': adminChange('sources:write', 'source.disable'),
  'POST /webhooks/sources/:slug/enable': adminChange('sources:write', 'source.enable'),

  'GET /webhooks/events': adminRead('events:read'),
  'GET /webhooks/events/:id': adminRead('events:read'),
  'POST /webhooks/events/:id/replay': adminChange('events:replay', 'event.replay'),
  'POST /webhooks/replays': adminChange('events:replay', 'event.bulk_replay'),
  'GET /webhooks/replays/:id': adminRead('events:read'),
  'GET /webhooks/rejections': adminRead('events:read'),

  'GET /rules': adminRead('rules:read'),
  'POST /rules': adminChange('rules:write', 'rule.create'),
  // A dry run: matches a rule against a stored event and renders it; changes nothing, reads the event.
  'POST /rules/test': adminChange('events:read', null),
  'PUT /rules/order': adminChange('rules:write', 'rule.reorder'),
  'PATCH /rules/:id': adminChange('rules:write', 'rule.update'),
  'DELETE /rules/:id': adminChange('rules:write', 'rule.delete'),

  'GET /templates': adminRead('rules:read'),
  // Renders a template against a stored event; changes nothing, reads the event.
  'POST /templates/preview': adminChange('events:read', null),
  'PUT /templates/:name': adminChange('rules:write', 'template.save'),
  'DELETE /templates/:name': adminChange('rules:write', 'template.delete'),

  'GET /jobs': adminRead('jobs:read'),
  'GET /jobs/:id': adminRead('jobs:read'),
  'POST /jobs/:id/retry': adminChange('jobs:write', 'job.retry'),
  'POST /jobs/:id/cancel': adminChange('jobs:write', 'job.cancel'),
  'POST /jobs/:id/redrive': adminChange('jobs:write', 'job.redrive'),
  'POST /jobs/:id/discard': adminChange('jobs:write', 'job.discard'),
  'POST /jobs/dead/redrive': adminChange('jobs:write', 'job.bulk_redrive'),
  'POST /jobs/dead/discard': adminChange('jobs:write', 'job.bulk_discard'),

  // Delivery state: open alerts, parked Discord channels, disabled http.forward targets.
  'GET /alerts': adminRead('jobs:read'),
  'GET /discord/channels/parked': adminRead('jobs:read'),
  'POST /discord/channels/:id/unpark': adminChange('jobs:write', 'discord.channel_unpark'),
  'GET /forward/targets/disabled': adminRead('jobs:read'),
  'POST /forward/targets/enable': adminChange('jobs:write', 'forward.target_enable'),

  // Files and resumes: a download link's signature (key, name, type, expiry) is its authorisation.
  'GET /files/:token': PUBLIC,
  'POST /jobs/resume-extract': adminChange('resumes:write', 'resume.extract'),
  'GET /jobs/resume-extract/:id': adminRead('resumes:read'),
  'POST /jobs/resume-apply': adminChange('resumes:write', 'resume.apply'),
  // A contact's resume attachments in EspoCRM extracted, their skills proposed (src/people/resumes).
  'POST /process-contact/:id': adminChange('resumes:write', 'resume.process_contact'),
  // The one merged skill proposal of a contact's extractions (asked again while they run).
  'GET /process-contact/:id/proposal': adminRead('resumes:read'),
  // Polled sources (src/sync): runs, schedule, credentials sealed like webhook secrets.
  'GET /sync/sources': adminRead('sync:read'),
  'GET /sync/sources/:slug': adminRead('sync:read'),
  'POST /sync/sources': adminChange('sync:write', 'sync.source_create'),
  'PATCH /sync/sources/:slug': adminChange('sync:write', 'sync.source_update'),
  'DELETE /sync/sources/:slug': adminChange('sync:write', 'sync.source_delete'),
  'POST /sync/sources/:slug/pause': adminChange('sync:write', 'sync.source_pause'),
  'POST /sync/sources/:slug/resume': adminChange('sync:write', 'sync.source_resume'),
  'POST /sync/sources/:slug/run': adminChange('sync:write', 'sync.run_now'),
  'POST /sync/sources/:slug/accept-deletions': adminChange('sync:write', 'sync.accept_deletions'),
  // Google accounts connected with OAuth, which sync sources read with (connecting needs the dashboard).
  'GET /google/accounts': adminRead('sync:read'),
  'DELETE /google/accounts/:id': adminChange('sync:write', 'google_account.revoke'),
  // Google Calendar watch channels of a google-calendar source (src/sync/google-calendar).
  'GET /sync/sources/:slug/watch': adminRead('sync:read'),
  'POST /sync/sources/:slug/watch': adminChange('sync:write', 'sync.watch_renew'),
  'DELETE /sync/sources/:slug/watch': adminChange('sync:write', 'sync.watch_stop'),
  // A gmail-messages source's push watch (src/sync/gmail): renewing and stopping call Gmail.
  'GET /sync/sources/:slug/gmail-watch': adminRead('sync:read'),
  'POST /sync/sources/:slug/gmail-watch': adminChange('sync:write', 'sync.gmail_watch'),
  'DELETE /sync/sources/:slug/gmail-watch': adminChange('sync:write', 'sync.gmail_unwatch'),

  'GET /audit/events': adminRead('audit:read'),
  // Other systems (the bot) report actions; the write is the action (it names the token that wrote it).
  'POST /audit/events': { access: 'machine', scope: 'audit:write', audit: null },

  // Sign-in. The auth services record auth.login / logout / link_issued / link_used themselves.
  'GET /auth/login': PUBLIC,
  'GET /auth/callback': PUBLIC,
  'GET /auth/bootstrap/:token': PUBLIC,
  'GET /auth/discord/link/:token': PUBLIC,
  'GET /auth/me': { access: 'signed_in' },
  'POST /auth/logout': { access: 'signed_in', audit: null },
  // The bot asks for a Discord admin's link; DiscordLinks records auth.link_issued (naming the token).
  'POST /auth/discord/links': { access: 'machine', scope: 'links:issue', audit: null },

  // API tokens: managed by admins, or by a token with the tokens scopes (never granting a scope it lacks).
  'GET /auth/tokens': adminRead('tokens:read'),
  'POST /auth/tokens': adminChange('tokens:write', 'token.create'),
  'DELETE /auth/tokens/:id': adminChange('tokens:write', 'token.revoke'),

  // People and CRM (src/people).
  'GET /people': adminRead('people:read'),
  'GET /people/:id': adminRead('people:read'),
  // A person's resumes; a link copies a CRM attachment into storage (checked against the contact in EspoCRM).
  'GET /people/:id/resumes': adminRead('resumes:read'),
  'POST /people/:id/resumes/:file/link': adminChange('resumes:read', 'resume.download_link'),
  'GET /sync/people/runs': adminRead('people:read'),
  'POST /sync/people': adminChange('people:write', 'people.sync'),
  // Registers webhooks in EspoCRM and stores the secrets it returns on the espocrm-contact-* sources.
  'POST /people/crm-webhooks': adminChange('people:write', 'people.register_crm_webhooks'),
  // The mailbox intake (src/people/mail-intake): its status, and a poll due now.
  'GET /people/mail-intake': adminRead('people:read'),
  'POST /people/mail-intake/poll': adminChange('people:write', 'people.mail_intake_poll'),

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
  'POST /dashboard/sync-sources': dashboardChange('sync.source_create'),
  'POST /dashboard/sync-sources/:slug/run': dashboardChange('sync.run_now'),
  'POST /dashboard/sync-sources/:slug/pause': dashboardChange('sync.source_pause'),
  'POST /dashboard/sync-sources/:slug/resume': dashboardChange('sync.source_resume'),
  'POST /dashboard/sync-sources/:slug/accept-deletions': dashboardChange('sync.accept_deletions'),
  // Google accounts (src/integrations/google/oauth). Starting a connection stores only its state (no
  // change yet); the callback is Google sending the admin back, and GoogleOAuthConnect writes
  // google_account.connect in the transaction that stores the account.
  'GET /dashboard/google-accounts': ADMIN_PAGE,
  'POST /dashboard/google-accounts/connect': dashboardChange(null),
  'GET /dashboard/google-accounts/callback': ADMIN_PAGE,
  'POST /dashboard/google-accounts/:id/revoke': dashboardChange('google_account.revoke'),
  'POST /dashboard/sync-sources/:slug/watch': dashboardChange('sync.watch_renew'),
  'POST /dashboard/sync-sources/:slug/gmail-watch': dashboardChange('sync.gmail_watch'),
  'GET /dashboard/schedules': ADMIN_PAGE,
  // ScheduledMessagesService writes schedule.add / schedule.remove in the change's own transaction.
  'POST /dashboard/schedules': dashboardChange(null),
  'POST /dashboard/schedules/:id/remove': dashboardChange(null),
  'GET /dashboard/audit': ADMIN_PAGE,
  'GET /dashboard/tokens': ADMIN_PAGE,
  'POST /dashboard/tokens': dashboardChange('token.create'),
  'POST /dashboard/tokens/:id/revoke': dashboardChange('token.revoke'),
  // People (src/dashboard/people): the people cache, its syncs, and registering the CRM's webhooks.
  'GET /dashboard/people': ADMIN_PAGE,
  'GET /dashboard/people/:id': ADMIN_PAGE,
  'POST /dashboard/people/:id/resumes/:file/download': dashboardChange('resume.download_link'),
  'POST /dashboard/people/sync': dashboardChange('people.sync'),
  'POST /dashboard/people/crm-webhooks': dashboardChange('people.register_crm_webhooks'),
  // A person's resume (src/dashboard/people): uploaded or taken from EspoCRM, reviewed, ticked fields applied.
  'POST /dashboard/people/:id/resumes': dashboardChange('resume.extract'),
  'GET /dashboard/people/resumes/:id': ADMIN_PAGE,
  'POST /dashboard/people/resumes/:id/apply': dashboardChange('resume.apply'),
  'POST /dashboard/people/mail-intake/poll': dashboardChange('people.mail_intake_poll'),
  // Processes, database, queues and disk; reading changes nothing.
  'GET /dashboard/system': ADMIN_PAGE,
};
