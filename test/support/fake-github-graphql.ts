import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { buildSchema, execute, GraphQLError, GraphQLSchema, parse, validate, type DocumentNode } from 'graphql';

/** A scripted answer for the next request, before authentication and execution. */
export type GraphqlScripted = { status: number; body?: unknown; headers?: Record<string, string> } | 'drop';

export interface GraphqlRequest {
  query: string;
  variables: Record<string, unknown>;
  authorization?: string;
}

let schema: GraphQLSchema | undefined;

/** GitHub's published GraphQL schema (the @octokit/graphql-schema copy), built once per test process. */
export function githubSchema(): GraphQLSchema {
  const file = join(__dirname, '..', '..', 'node_modules', '@octokit', 'graphql-schema', 'schema.graphql');
  // GitHub's SDL repeats two enterprise fields, which strict validation refuses.
  return (schema ??= buildSchema(readFileSync(file, 'utf8'), { assumeValidSDL: true }));
}

/** GraphQL errors as GitHub words them: a top-level `type` (NOT_FOUND, ...), path and locations. */
function githubError(error: GraphQLError): Record<string, unknown> {
  const { type } = error.extensions as { type?: string };
  return {
    ...(type ? { type } : {}),
    ...(error.path ? { path: error.path } : {}),
    ...(error.locations ? { locations: error.locations } : {}),
    message: error.message,
  };
}

/**
 * A loopback stand-in for GitHub's GraphQL endpoint (`POST /graphql`): bearer-token auth with
 * GitHub's 401 body, queries parsed and validated against GitHub's real schema (a field GitHub
 * does not have fails here as it would there), and executed with `node(id:)` answering from the
 * nodes the test adds; an unknown id is a NOT_FOUND error next to the rest of the data, as GitHub
 * does. Scripted answers (5xx, 404, dropped connections) come first.
 */
export class FakeGithubGraphql {
  readonly requests: GraphqlRequest[] = [];
  private readonly nodes = new Map<string, Record<string, unknown>>();
  private readonly script: GraphqlScripted[] = [];
  private server?: Server;
  url = '';

  constructor(readonly token: string) {}

  async start(): Promise<this> {
    githubSchema();
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** A node `node(id:)` resolves; `__typename` says which GitHub type it is. */
  addNode(id: string, node: { __typename: string } & Record<string, unknown>): void {
    this.nodes.set(id, { id, ...node });
  }

  next(...answers: GraphqlScripted[]): void {
    this.script.push(...answers);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/graphql') {
      return this.send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/graphql' });
    }
    let body: { query?: unknown; variables?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
    } catch {
      return this.send(res, 400, { message: 'Problems parsing JSON' });
    }
    const variables = (body.variables ?? {}) as Record<string, unknown>;
    this.requests.push({ query: String(body.query), variables, authorization: req.headers.authorization });

    const scripted = this.script.shift();
    if (scripted === 'drop') {
      req.socket.destroy();
      return;
    }
    if (scripted) {
      return this.send(res, scripted.status, scripted.body ?? { message: `HTTP ${scripted.status}` }, scripted.headers);
    }
    if (!/^bearer\s+/i.test(req.headers.authorization ?? '') || req.headers.authorization!.slice(7) !== this.token) {
      return this.send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/graphql' });
    }
    let document: DocumentNode;
    try {
      document = parse(String(body.query));
    } catch (error) {
      return this.send(res, 200, { errors: [githubError(error as GraphQLError)] });
    }
    const invalid = validate(githubSchema(), document);
    if (invalid.length > 0) return this.send(res, 200, { errors: invalid.map(githubError) });
    const result = await execute({
      schema: githubSchema(),
      document,
      variableValues: variables,
      rootValue: { node: ({ id }: { id: string }) => this.resolve(id) },
    });
    this.send(res, 200, {
      data: result.data ?? null,
      ...(result.errors ? { errors: result.errors.map(githubError) } : {}),
    });
  }

  private resolve(id: string): Record<string, unknown> {
    const node = this.nodes.get(id);
    if (!node) {
      throw new GraphQLError(`Could not resolve to a node with the global id of '${id}'`, {
        extensions: { type: 'NOT_FOUND' },
      });
    }
    return node;
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }
}
