import SwaggerParser from '@apidevtools/swagger-parser';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { PROVIDER_AUTH } from '../src/api-docs/ingest-contract';
import { ACCESS_RULES } from '../src/auth/access/access-rules';
import { routeKeysOf } from '../src/auth/access/route-key';
import type { RouteKey } from '../src/auth/access/route-rule';
import { webhookProviders } from '../src/webhooks/providers/provider-registry';
import { postJson, useTestApp } from './support/switchyard';

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  'x-scope'?: string;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { properties?: Record<string, Record<string, unknown>>; required?: string[] }>;
  };
}

const openApiPath = (expressPath: string) => expressPath.replace(/:(\w+)/g, '{$1}');

describe('API reference: /docs-json', () => {
  const ctx = useTestApp({ roles: ['api'] });
  let doc: Document;
  let routes: RouteKey[];

  beforeAll(async () => {
    const response = await fetch(`${ctx.app.url}/docs-json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    doc = (await response.json()) as Document;
    // Every route Nest serves, found the way the access guard finds them.
    const scanner = ctx.app.app.get(MetadataScanner);
    routes = ctx.app.app
      .get(DiscoveryService)
      .getControllers()
      .flatMap((wrapper) => {
        const controller = wrapper.metatype as new () => object;
        const prototype = controller.prototype as Record<string, (...args: unknown[]) => unknown>;
        return scanner.getAllMethodNames(prototype).flatMap((name) => routeKeysOf(controller, prototype[name]!));
      });
  });

  const operation = (key: string): Operation | undefined => {
    const [method, path] = key.split(' ') as [string, string];
    return doc.paths[openApiPath(path)]?.[method.toLowerCase()];
  };

  it('is a valid OpenAPI 3.1 document (swagger-parser: schema, $refs, parameters)', async () => {
    expect(doc.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
  });

  it('has every controller route, with the security its access rule gives', () => {
    expect(routes.length).toBeGreaterThan(80);
    const missing = routes.filter((key) => !operation(key));
    expect(missing).toEqual([]);
    for (const key of routes) {
      const rule = ACCESS_RULES[key]!;
      const op = operation(key)!;
      if (rule.access === 'public') expect({ key, security: op.security }).toEqual({ key, security: [] });
      if ('scope' in rule) {
        expect({ key, scope: op['x-scope'] }).toEqual({ key, scope: rule.scope });
        expect(op.security).toContainEqual({ apiToken: [rule.scope] });
      }
      if (rule.access === 'admin_or_machine') {
        const session = key.startsWith('GET ') ? { session: [] } : { session: [], csrf: [] };
        expect({ key, security: op.security }).toEqual({ key, security: [session, { apiToken: [rule.scope] }] });
      }
      if (rule.access === 'admin') expect(op.security?.every((s) => 'session' in s && !('apiToken' in s))).toBe(true);
    }
  });

  it('gives every JSON admin route an answer schema and its refusals', () => {
    const adminApi = routes.filter((key) => ['admin_or_machine', 'machine'].includes(ACCESS_RULES[key]!.access));
    expect(adminApi.length).toBeGreaterThan(40);
    for (const key of adminApi) {
      const responses = operation(key)!.responses;
      const success = Object.keys(responses).filter((status) => status.startsWith('2'));
      expect({ key, success: success.length }).toEqual({ key, success: 1 });
      if (success[0] !== '204')
        expect({ key, schema: Object.values(responses[success[0]!]!.content ?? {})[0]?.schema }).toEqual({
          key,
          schema: expect.anything(),
        });
      expect({ key, refusals: ['401', '403'].filter((s) => responses[s]) }).toEqual({ key, refusals: ['401', '403'] });
    }
  });

  it('describes request bodies and query parameters from the validation rules the API enforces', async () => {
    const create = operation('POST /rules')!;
    const schemaName = create.requestBody!.content['application/json']!.schema.$ref!.split('/').pop()!;
    const schema = doc.components.schemas[schemaName]!;
    expect(schema.required).toEqual(['text']);
    expect(schema.properties!.text).toMatchObject({ type: 'string', maxLength: 4000, minLength: 1 });
    // What the document says is what the API refuses.
    const tooLong = await postJson(ctx.app, '/rules', { text: 'x'.repeat(4001) });
    expect(tooLong.status).toBe(400);

    const jobs = operation('GET /jobs')!.parameters!;
    expect(jobs.map((p) => p.name).sort()).toEqual(['cursor', 'limit', 'state', 'type']);
    expect(jobs.find((p) => p.name === 'state')!.schema).toMatchObject({
      enum: expect.arrayContaining(['dead', 'queued']),
    });
    expect(jobs.find((p) => p.name === 'limit')!.schema).toMatchObject({ maximum: 200, minimum: 1 });

    const source =
      doc.components.schemas[
        operation('POST /webhooks/sources')!.requestBody!.content['application/json']!.schema.$ref!.split('/').pop()!
      ]!;
    expect(source.required).toEqual(expect.arrayContaining(['slug', 'provider']));
    expect(source.properties!.provider!.enum).toEqual([...webhookProviders.keys()]);
  });

  it('documents the webhook ingest contract: status codes, and how each provider signs', () => {
    const ingest = doc.paths['/webhooks/{source}']!.post! as Operation & { 'x-providers': Record<string, string> };
    expect(ingest.security).toEqual([]);
    expect(Object.keys(ingest.responses).sort()).toEqual(
      ['200', '202', '400', '401', '403', '404', '408', '413', '415', '429', '500', '503'].sort(),
    );
    expect(Object.keys(ingest['x-providers']).sort()).toEqual([...webhookProviders.keys()].sort());
    for (const id of webhookProviders.keys())
      expect({ id, described: Boolean(PROVIDER_AUTH[id]) }).toEqual({ id, described: true });
    expect(doc.paths['/webhooks/{source}/{topic}']!.post).toBeDefined();
  });

  it('serves Swagger UI at /docs from this server', async () => {
    const page = await fetch(`${ctx.app.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui');
    expect(html).not.toMatch(/src="https?:\/\//);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});
