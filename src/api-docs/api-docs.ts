import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { buildApiDocument } from './api-document';

/**
 * The API reference, served by the api: Swagger UI at /docs and the OpenAPI document at /docs-json.
 * Public, like the README: it describes routes, never data. Swagger UI's files come from this
 * server (swagger-ui-dist) and its start script is a file too, so the app's CSP needs no exception.
 */
export function serveApiDocs(app: INestApplication, version: string): void {
  const document = buildApiDocument(app, version);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    customSiteTitle: 'Switchyard API',
    // No badge fetched from validator.swagger.io: the page talks to this server only.
    // Tags start collapsed: with every operation open at once, Swagger UI 5 stops rendering part-way
    // through an API of this size (no error); a tag opens its operations on a click.
    swaggerOptions: { validatorUrl: null, persistAuthorization: false, docExpansion: 'none' },
  });
}

/** Switchyard's version from package.json (beside dist/ and src/ alike). */
export function switchyardVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}
