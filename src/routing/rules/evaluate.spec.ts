import { evaluateCondition, resolvePath, ruleMatches } from './evaluate';
import { parseRule } from './rule-parser';
import { Condition } from './rule-syntax';

/** The condition of `when x where <text> then log`. */
const where = (text: string): Condition => parseRule(`when x where ${text} then log`).condition!;
const holds = (text: string, payload: unknown) => evaluateCondition(where(text), payload);

// Trimmed from real deliveries: the fields rules are written against, in their real shapes.
const pullRequestOpened = {
  action: 'opened',
  number: 42,
  pull_request: {
    number: 42,
    title: '[WIP] Fix login redirect',
    draft: false,
    merged_at: null,
    user: { login: 'octocat', type: 'User' },
    labels: [
      { id: 208045946, name: 'bug', color: 'f29513' },
      { id: 208045947, name: 'backend', color: 'a2eeef' },
    ],
    requested_reviewers: [],
    head: { ref: 'fix/login-redirect' },
    base: { ref: 'main' },
    additions: 120,
  },
  repository: { id: 1296269, full_name: 'acme/api', private: true, topics: ['payments', 'core'] },
  sender: { login: 'octocat' },
};

const tagPush = {
  ref: 'refs/tags/v1.4.0',
  created: true,
  deleted: false,
  forced: false,
  commits: [],
  head_commit: { id: '6dcb09b5b57875f334f61aebed695e2e4193db5e', message: 'Release 1.4.0\n\nChangelog…' },
  repository: { full_name: 'acme/web' },
  pusher: { name: 'ada', email: 'ada@example.com' },
};

const hubspotDealStage = {
  eventId: 1001,
  subscriptionId: 2345,
  portalId: 62515,
  appId: 1160452,
  occurredAt: 1700000000000,
  subscriptionType: 'deal.propertyChange',
  attemptNumber: 0,
  objectId: 9012,
  propertyName: 'dealstage',
  propertyValue: 'closedwon',
  changeSource: 'CRM_UI',
};

const zammadTicket = {
  ticket: {
    id: 7,
    number: '31007',
    title: 'Printer on fire',
    state: 'new',
    priority: '3 high',
    group: { id: 1, name: 'Support' },
    tags: ['hardware', 'urgent'],
    customer: { email: 'grace@example.com', organization: null },
  },
  article: { subject: 'Printer on fire', internal: false, body: 'It is literally on fire.' },
};

describe('evaluateCondition', () => {
  it('evaluates the issue example against a pull request from the right repository only', () => {
    const condition = where('repository.full_name == "acme/api" and action in ["opened","closed"]');
    expect(evaluateCondition(condition, pullRequestOpened)).toBe(true);
    expect(evaluateCondition(condition, { ...pullRequestOpened, action: 'edited' })).toBe(false);
    expect(evaluateCondition(condition, { ...pullRequestOpened, repository: { full_name: 'acme/web' } })).toBe(false);
  });

  it.each([
    // == and != are strict by JSON value: no coercion between types.
    ['number == 42', true],
    ['number == 42.0', true],
    ['number == "42"', false],
    ['number != "42"', true],
    ['pull_request.draft == false', true],
    ['pull_request.draft == "false"', false],
    ['pull_request.merged_at == null', true],
    ['pull_request.user.login == "OCTOCAT"', false],
    ['pull_request.labels == "bug"', false],
    ['repository == null', false],
    // A missing field fails every test but !=.
    ['pull_request.closed_at == null', false],
    ['pull_request.closed_at != null', true],
    ['pull_request.closed_at != "x"', true],
    ['not pull_request.closed_at == "x"', true],
    ['pull_request.closed_at in [null, "x"]', false],
    // exists: present and not null.
    ['pull_request.merged_at exists', false],
    ['pull_request.title exists', true],
    ['pull_request.draft exists', true],
    ['pull_request.requested_reviewers exists', true],
    ['pull_request.nope exists', false],
    // Arrays by index.
    ['pull_request.labels.0.name == "bug"', true],
    ['pull_request.labels.1.name == "backend"', true],
    ['pull_request.labels.2.name exists', false],
    ['pull_request.labels.01.name exists', false],
    ['pull_request.labels.name exists', false],
    // in.
    ['pull_request.additions in [100, 120]', true],
    ['pull_request.additions in ["120"]', false],
    ['action in ["closed", "reopened"]', false],
    // contains: substring on strings, membership on arrays.
    ['pull_request.title contains "login"', true],
    ['pull_request.title contains "Login"', false],
    ['repository.topics contains "payments"', true],
    ['repository.topics contains "pay"', false],
    ['pull_request.labels contains "bug"', false],
    ['number contains 4', false],
    ['pull_request.title contains 42', false],
    // matches: RE2 on strings only.
    [String.raw`pull_request.title matches "^\[WIP\]"`, true],
    ['pull_request.head.ref matches "^(fix|hotfix)/"', true],
    ['pull_request.user.login matches "(?i)^OCTO"', true],
    ['number matches "42"', false],
    ['pull_request.merged_at matches ".*"', false],
    // Precedence and grouping.
    ['action == "closed" or action == "opened" and pull_request.draft == true', false],
    ['(action == "closed" or action == "opened") and not pull_request.draft == true', true],
    ['not not action == "opened"', true],
  ])('on a GitHub pull_request.opened payload: %s → %s', (text, expected) => {
    expect(holds(text, pullRequestOpened)).toBe(expected);
  });

  it('selects release tags pushed to GitHub', () => {
    const release = String.raw`ref matches "^refs/tags/v\d+\.\d+\.\d+$" and created == true and not deleted == true`;
    expect(holds(release, tagPush)).toBe(true);
    expect(holds(release, { ...tagPush, ref: 'refs/heads/main' })).toBe(false);
    expect(holds(release, { ...tagPush, ref: 'refs/tags/v1.4.0-rc1' })).toBe(false);
    expect(holds('head_commit.message matches "(?m)^Changelog"', tagPush)).toBe(true);
  });

  it('selects HubSpot deals that were won', () => {
    const won = 'propertyName == "dealstage" and propertyValue in ["closedwon"] and portalId == 62515';
    expect(holds(won, hubspotDealStage)).toBe(true);
    expect(holds(won, { ...hubspotDealStage, propertyValue: 'closedlost' })).toBe(false);
    expect(holds(won, { ...hubspotDealStage, portalId: '62515' })).toBe(false);
  });

  it('selects Zammad tickets by group, priority and tag', () => {
    const urgent = 'ticket.group.name == "Support" and (ticket.priority == "3 high" or ticket.tags contains "urgent")';
    expect(holds(urgent, zammadTicket)).toBe(true);
    expect(holds(urgent, { ticket: { ...zammadTicket.ticket, priority: '2 normal', tags: [] } })).toBe(false);
    expect(holds('ticket.customer.organization exists', zammadTicket)).toBe(false);
    expect(holds('article.internal == false and article.body contains "fire"', zammadTicket)).toBe(true);
  });

  it('runs in linear time on patterns that backtrack catastrophically in JavaScript', () => {
    const started = Date.now();
    expect(holds('body matches "^(a+)+$"', { body: `${'a'.repeat(100_000)}!` })).toBe(false);
    expect(holds('body matches "(x+x+)+y"', { body: 'x'.repeat(100_000) })).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('never throws, whatever the payload is', () => {
    const conditions = [
      'a.b.c == 1',
      'a.0 != null',
      'a exists',
      'a in [1, "x", null]',
      'a contains "x"',
      'a matches "x"',
      'not (a exists or a.b == true) and a.constructor exists',
    ].map(where);
    const circular: Record<string, unknown> = { a: {} };
    circular.a = circular;
    const payloads: unknown[] = [
      undefined,
      null,
      0,
      'a',
      true,
      [],
      [[1]],
      { a: null },
      { a: [] },
      { a: { b: [] } },
      { a: 5 },
      { a: Number.NaN },
      circular,
      Object.create(null),
      new Map([['a', 1]]),
    ];
    for (const condition of conditions) {
      for (const payload of payloads) expect(() => evaluateCondition(condition, payload)).not.toThrow();
    }
  });

  it('does not reach into prototypes', () => {
    expect(holds('constructor exists', {})).toBe(false);
    expect(holds('__proto__ exists', {})).toBe(false);
    expect(holds('toString exists', {})).toBe(false);
    expect(holds('labels.length exists', { labels: ['a'] })).toBe(false);
    expect(holds('title.length exists', { title: 'abc' })).toBe(false);
  });

  it('treats a condition with a regex RE2 refuses as not matching instead of throwing', () => {
    expect(evaluateCondition({ kind: 'matches', path: ['a'], regex: '(?=x)' }, { a: 'x' })).toBe(false);
  });
});

describe('resolvePath', () => {
  it('walks objects by own keys and arrays by index', () => {
    expect(resolvePath(pullRequestOpened, ['pull_request', 'labels', '1', 'color'])).toBe('a2eeef');
    expect(resolvePath({ extra: { project: { id: 42 } } }, ['extra', 'project', 'id'])).toBe(42);
    expect(resolvePath([{ a: 1 }], ['0', 'a'])).toBe(1);
    expect(resolvePath({ a: 1 }, [])).toEqual({ a: 1 });
    expect(resolvePath({ a: 1 }, ['a', 'b'])).toBeUndefined();
  });
});

describe('ruleMatches', () => {
  it('needs both the event pattern and the condition', () => {
    const rule = parseRule(
      'when github.pull_request.* where repository.full_name == "acme/api" then discord.post channel=123456789012345678',
    );
    expect(ruleMatches(rule, 'github.pull_request.opened', pullRequestOpened)).toBe(true);
    expect(ruleMatches(rule, 'github.issues.opened', pullRequestOpened)).toBe(false);
    expect(ruleMatches(rule, 'github.pull_request.opened', tagPush)).toBe(false);
    expect(ruleMatches(parseRule('when hubspot.** then log'), 'hubspot.deal.propertychange', null)).toBe(true);
  });
});
