import type { INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { OpenAPIObject, OperationObject, ParameterObject, ResponsesObject, SchemaObject } from '@nestjs/swagger';
import { ACCESS_RULES } from '../auth/access/access-rules';
import { routeKeysOf } from '../auth/access/route-key';
import type { RouteKey, RouteRule } from '../auth/access/route-rule';
import { dtoSchema, handlerInputs, withNestedSchemas } from './dto-schemas';
import { ingestPaths } from './ingest-contract';
import { ref, RESPONSE_SCHEMAS } from './response-schemas';
import { ROUTE_ANSWERS, type RouteAnswer } from './route-responses';

/** Where `@ApiConsumes` keeps its media types (@nestjs/swagger's DECORATORS.API_CONSUMES, not exported). */
const API_CONSUMES = 'swagger/apiConsumes';
const withFileField = (schema: SchemaObject): SchemaObject => ({
  ...schema,
  properties: { file: { type: 'string', format: 'binary', description: 'The file' }, ...schema.properties },
  required: ['file', ...(schema.required ?? [])],
});
import { API_TOKEN, CSRF, securityOf, SESSION, whoMayCall } from './route-security';

type Constructor = new (...args: unknown[]) => unknown;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** `/rules/{id}` → `/rules/:id`, the form access-rules.ts keys routes by. */
export const expressPath = (openApiPath: string) => openApiPath.replace(/\{([^}]+)\}/g, ':$1');

const errorAnswer = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

/** The refusals a route can give, from who may call it and whether it takes input. */
function refusals(rule: RouteRule, takesInput: boolean, hasId: boolean): ResponsesObject {
  const answers: ResponsesObject = {};
  if (takesInput || hasId) answers['400'] = errorAnswer('Invalid input: the reason names the field');
  if (rule.access !== 'public') {
    answers['401'] = errorAnswer('No valid session or token (a revoked token too)');
    answers['403'] = errorAnswer(
      'Signed in but not allowed: not an admin, a token without the scope, or a missing CSRF token',
    );
  }
  if (hasId) answers['404'] = errorAnswer('Not found');
  answers['429'] = errorAnswer('Too many requests');
  answers['503'] = errorAnswer('The database is unavailable; retry later');
  return answers;
}

function success(key: RouteKey, method: string, answer: RouteAnswer | undefined): ResponsesObject {
  if (answer) {
    return {
      [String(answer.status)]: answer.schema
        ? {
            description: answer.description,
            content: { [answer.contentType ?? 'application/json']: { schema: answer.schema } },
          }
        : { description: answer.description },
    };
  }
  // Dashboard pages and browser sign-in steps.
  if (key.startsWith('GET /dashboard/live')) {
    return {
      '200': {
        description: 'Server-Sent Events: which kind of thing changed',
        content: { 'text/event-stream': { schema: { type: 'string' } } },
      },
    };
  }
  if (key.startsWith('GET /dashboard/assets')) {
    return {
      '200': {
        description: 'A static file (CSS, JavaScript)',
        content: { 'text/css': { schema: { type: 'string' } }, 'text/javascript': { schema: { type: 'string' } } },
      },
    };
  }
  if (method === 'get' && key.startsWith('GET /dashboard')) {
    return { '200': { description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } } };
  }
  if (key.startsWith('POST /dashboard')) {
    return {
      '303': {
        description: 'Done: back to the page that shows the outcome',
        headers: { Location: { schema: { type: 'string' } } },
      },
      '200': {
        description: 'The form again, with the reason next to the field',
        content: { 'text/html': { schema: { type: 'string' } } },
      },
    };
  }
  return {
    '302': {
      description: 'A redirect (to the identity provider, or where sign-in lands)',
      headers: { Location: { schema: { type: 'string' } } },
    },
    '410': {
      description: 'A one-time link already used or expired',
      content: { 'text/html': { schema: { type: 'string' } } },
    },
  };
}

/** Every controller route: its key, controller and handler name. */
function controllerRoutes(app: INestApplication): Map<RouteKey, { controller: Constructor; method: string }> {
  const routes = new Map<RouteKey, { controller: Constructor; method: string }>();
  const scanner = app.get(MetadataScanner);
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    const controller = wrapper.metatype as Constructor | undefined;
    if (!controller) continue;
    const prototype = controller.prototype as Record<string, (...args: unknown[]) => unknown>;
    for (const method of scanner.getAllMethodNames(prototype)) {
      for (const key of routeKeysOf(controller, prototype[method]!)) routes.set(key, { controller, method });
    }
  }
  return routes;
}

function queryParameters(schema: SchemaObject): ParameterObject[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: property,
  }));
}

/**
 * The OpenAPI 3.1 document of this process's routes: Nest's scan (paths, path parameters), then
 * for each route who may call it (access-rules.ts: session + CSRF, API token scopes), its input
 * (the DTO's class-validator rules), its answers, and the webhook ingest contract.
 */
export function buildApiDocument(app: INestApplication, version: string): OpenAPIObject {
  const base = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Switchyard API')
    .setVersion(version)
    .setDescription(
      'Webhooks in, jobs through, Discord out. Admin routes take an admin session (the `switchyard_session` cookie, ' +
        'plus `X-CSRF-Token` from `GET /auth/me` on changes) or `Authorization: Bearer <API token>`: a token opens only ' +
        'the routes of its scopes (each route names the scope it needs). Every admin change is audited in its own transaction.',
    )
    .addSecurity(SESSION, {
      type: 'apiKey',
      in: 'cookie',
      name: 'switchyard_session',
      description: 'An admin session from signing in (OIDC, or a one-time link)',
    })
    .addSecurity(CSRF, {
      type: 'apiKey',
      in: 'header',
      name: 'X-CSRF-Token',
      description: '`csrfToken` from GET /auth/me; required with the session cookie on POST, PUT, PATCH and DELETE',
    })
    .addSecurity(API_TOKEN, {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'sy_…',
      description:
        'An API token (dashboard → API tokens, or POST /auth/tokens); the requirement lists the scope the route needs',
    })
    .build();
  const document = SwaggerModule.createDocument(app, base, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
    autoTagControllers: true,
  });
  const routes = controllerRoutes(app);
  const schemas: Record<string, SchemaObject> = { ...RESPONSE_SCHEMAS };

  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation: OperationObject | undefined = item[method];
      if (!operation) continue;
      const key = `${method.toUpperCase()} ${expressPath(path)}` as RouteKey;
      const rule = ACCESS_RULES[key];
      const route = routes.get(key);
      if (!rule || !route) continue;
      const inputs = handlerInputs(route.controller, route.method);
      operation.security = securityOf(rule, method);
      operation.description = [operation.description, whoMayCall(rule)].filter(Boolean).join('\n\n');
      if ('scope' in rule) (operation as OperationObject & { 'x-scope': string })['x-scope'] = rule.scope;
      if (inputs.body) {
        const name = inputs.body.name;
        schemas[name] = dtoSchema(inputs.body);
        const form = key.startsWith('POST /dashboard');
        // An upload (`@ApiConsumes('multipart/form-data')`): the DTO's fields beside the file.
        const handler = (route.controller.prototype as Record<string, object>)[route.method]!;
        const consumes = (Reflect.getMetadata(API_CONSUMES, handler) ?? []) as string[];
        const upload = consumes.includes('multipart/form-data');
        if (upload) schemas[name] = withFileField(schemas[name]);
        const media = upload ? 'multipart/form-data' : form ? 'application/x-www-form-urlencoded' : 'application/json';
        operation.requestBody = { required: true, content: { [media]: { schema: ref(name) } } };
        if (upload && consumes.includes('application/json')) {
          // The route also takes its fields as JSON, the file named by them (an id) instead of sent.
          schemas[`${name}Json`] = dtoSchema(inputs.body);
          operation.requestBody.content['application/json'] = { schema: ref(`${name}Json`) };
        }
      }
      if (!inputs.body && key.startsWith('POST /dashboard')) {
        // The dashboard's forms: their fields, and the CSRF token every form carries.
        operation.requestBody = {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                properties: {
                  _csrf: { type: 'string', description: 'The token the page carries (in place of X-CSRF-Token)' },
                },
                required: ['_csrf'],
                additionalProperties: { type: 'string' },
              },
            },
          },
        };
        const handler = (route.controller.prototype as Record<string, object>)[route.method]!;
        if (((Reflect.getMetadata(API_CONSUMES, handler) ?? []) as string[]).includes('multipart/form-data')) {
          // A file upload form (htmx sends the CSRF token in X-CSRF-Token: the multipart body is read after the check).
          operation.requestBody.content['multipart/form-data'] = {
            schema: withFileField({ type: 'object', properties: {}, additionalProperties: { type: 'string' } }),
          };
        }
      }
      if (inputs.query) {
        // Nest's scan sees the query class only as a whole: its fields come from the DTO instead.
        operation.parameters = [
          ...(operation.parameters ?? []).filter(
            (p: ParameterObject | { $ref: string }) => !('in' in p) || p.in !== 'query',
          ),
          ...queryParameters(dtoSchema(inputs.query)),
        ];
      }
      const hasId = /\{/.test(path);
      operation.responses = {
        ...success(key, method, ROUTE_ANSWERS[key]),
        ...refusals(rule, Boolean(inputs.body || inputs.query), hasId),
      };
    }
  }
  Object.assign(document.paths, ingestPaths());
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...withNestedSchemas(schemas) },
  };
  return document;
}
