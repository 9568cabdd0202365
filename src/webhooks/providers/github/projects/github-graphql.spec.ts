import { createServer, Server } from 'node:http';
import { EnrichmentUnavailableError } from '../../event-enricher';
import { GithubRefusedError, graphqlUrl, queryGithub } from './github-graphql';

/** One canned HTTP answer per test, on a loopback port. */
let answer: { status: number; headers?: Record<string, string>; body: string } = { status: 200, body: '{}' };
let server: Server;
let apiUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const ask = () => queryGithub({ token: 't', apiUrl }, '{ viewer { login } }', {}, new AbortController().signal);

describe('queryGithub', () => {
  it('finds GraphQL next to the REST base, on github.com and on Enterprise Server', () => {
    expect(graphqlUrl('https://api.github.com')).toBe('https://api.github.com/graphql');
    expect(graphqlUrl('https://ghe.example.com/api/v3/')).toBe('https://ghe.example.com/api/graphql');
  });

  it('returns data and GraphQL errors side by side', async () => {
    answer = {
      status: 200,
      body: JSON.stringify({
        data: { a: null, b: { x: 1 } },
        errors: [{ type: 'NOT_FOUND', path: ['a'], message: 'gone' }],
      }),
    };
    await expect(ask()).resolves.toEqual({
      data: { a: null, b: { x: 1 } },
      errors: [{ type: 'NOT_FOUND', path: ['a'], message: 'gone' }],
    });
  });

  it.each([
    [{ status: 500, body: '{"message":"Server Error"}' }, 'GitHub answered 500: Server Error'],
    [{ status: 429, body: '{"message":"slow down"}' }, 'GitHub answered 429: slow down'],
    [
      { status: 403, headers: { 'x-ratelimit-remaining': '0' }, body: '{"message":"API rate limit exceeded"}' },
      'GitHub answered 403: API rate limit exceeded',
    ],
    [
      { status: 403, body: '{"message":"You have exceeded a secondary rate limit."}' },
      'GitHub answered 403: You have exceeded a secondary rate limit.',
    ],
    [
      { status: 200, body: '{"errors":[{"type":"RATE_LIMITED","message":"limit"}]}' },
      'GitHub answered 200: rate limited',
    ],
    [
      { status: 200, body: '<html>proxy</html>' },
      'GitHub answered 200 with a body that is not JSON: <html>proxy</html>',
    ],
  ])('retries later on %j', async (canned, message) => {
    answer = canned;
    await expect(ask()).rejects.toEqual(new EnrichmentUnavailableError(message));
  });

  it.each([
    [{ status: 401, body: '{"message":"Bad credentials"}' }, 'GitHub answered 401: Bad credentials'],
    [
      { status: 403, body: '{"message":"Resource not accessible by integration"}' },
      'GitHub answered 403: Resource not accessible by integration',
    ],
    [{ status: 404, body: '{"message":"Not Found"}' }, 'GitHub answered 404: Not Found'],
  ])('gives up on %j', async (canned, message) => {
    answer = canned;
    await expect(ask()).rejects.toEqual(new GithubRefusedError(message));
  });

  it('reports an unreachable GitHub as unavailable', async () => {
    const closed = queryGithub({ token: 't', apiUrl: 'http://127.0.0.1:1' }, '{}', {}, new AbortController().signal);
    await expect(closed).rejects.toThrow(EnrichmentUnavailableError);
    await expect(closed).rejects.toThrow(/^GitHub could not be reached: fetch failed/);
  });
});
