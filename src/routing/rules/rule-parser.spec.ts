import { parseRule, RuleSyntaxError } from './rule-parser';
import { Rule } from './rule-syntax';

const CHANNEL = '123456789012345678';

const good: [string, Rule][] = [
  [
    `when github.pull_request.* where repository.full_name == "acme/api" and action in ["opened","closed"] then discord.post channel=${CHANNEL} template=github.pull_request`,
    {
      pattern: ['github', 'pull_request', '*'],
      condition: {
        kind: 'and',
        operands: [
          { kind: 'compare', op: '==', path: ['repository', 'full_name'], value: 'acme/api' },
          { kind: 'in', path: ['action'], values: ['opened', 'closed'] },
        ],
      },
      action: { name: 'discord.post', params: { channel: CHANNEL, template: 'github.pull_request' } },
    },
  ],
  ['when github.push then log', { pattern: ['github', 'push'], action: { name: 'log', params: {} } }],
  [
    'WHEN GitHub.Push WHERE ref == "refs/heads/main" THEN log level=warn',
    {
      pattern: ['github', 'push'],
      condition: { kind: 'compare', op: '==', path: ['ref'], value: 'refs/heads/main' },
      action: { name: 'log', params: { level: 'warn' } },
    },
  ],
  ['when ** then log', { pattern: ['**'], action: { name: 'log', params: {} } }],
  ['when github.** then log', { pattern: ['github', '**'], action: { name: 'log', params: {} } }],
  [
    `when hubspot.deal.propertychange where propertyName == "dealstage" and propertyValue == "closedwon" then discord.post channel=${CHANNEL} mentions=none`,
    {
      pattern: ['hubspot', 'deal', 'propertychange'],
      condition: {
        kind: 'and',
        operands: [
          { kind: 'compare', op: '==', path: ['propertyName'], value: 'dealstage' },
          { kind: 'compare', op: '==', path: ['propertyValue'], value: 'closedwon' },
        ],
      },
      action: { name: 'discord.post', params: { channel: CHANNEL, mentions: 'none' } },
    },
  ],
  [
    `when zammad.ticket.created where ticket.group.name == "Support" and ticket.priority in ["3 high", "2 normal"] then discord.post channel=${CHANNEL} thread=223456789012345678`,
    {
      pattern: ['zammad', 'ticket', 'created'],
      condition: {
        kind: 'and',
        operands: [
          { kind: 'compare', op: '==', path: ['ticket', 'group', 'name'], value: 'Support' },
          { kind: 'in', path: ['ticket', 'priority'], values: ['3 high', '2 normal'] },
        ],
      },
      action: { name: 'discord.post', params: { channel: CHANNEL, thread: '223456789012345678' } },
    },
  ],
  [
    // not binds tighter than and, and tighter than or.
    'when x where a == 1 or b == 2 and not c exists then log',
    {
      pattern: ['x'],
      condition: {
        kind: 'or',
        operands: [
          { kind: 'compare', op: '==', path: ['a'], value: 1 },
          {
            kind: 'and',
            operands: [
              { kind: 'compare', op: '==', path: ['b'], value: 2 },
              { kind: 'not', operand: { kind: 'exists', path: ['c'] } },
            ],
          },
        ],
      },
      action: { name: 'log', params: {} },
    },
  ],
  [
    'when x where (a == 1 or b == 2) and c == 3 and d == 4 then log',
    {
      pattern: ['x'],
      condition: {
        kind: 'and',
        operands: [
          {
            kind: 'or',
            operands: [
              { kind: 'compare', op: '==', path: ['a'], value: 1 },
              { kind: 'compare', op: '==', path: ['b'], value: 2 },
            ],
          },
          { kind: 'compare', op: '==', path: ['c'], value: 3 },
          { kind: 'compare', op: '==', path: ['d'], value: 4 },
        ],
      },
      action: { name: 'log', params: {} },
    },
  ],
  [
    'when x where not not (a exists) then log',
    {
      pattern: ['x'],
      condition: { kind: 'not', operand: { kind: 'not', operand: { kind: 'exists', path: ['a'] } } },
      action: { name: 'log', params: {} },
    },
  ],
  [
    'when x where n == -1.5 or t != true or z == null or w in [0, 2.5e2, "x", false, null] then log',
    {
      pattern: ['x'],
      condition: {
        kind: 'or',
        operands: [
          { kind: 'compare', op: '==', path: ['n'], value: -1.5 },
          { kind: 'compare', op: '!=', path: ['t'], value: true },
          { kind: 'compare', op: '==', path: ['z'], value: null },
          { kind: 'in', path: ['w'], values: [0, 250, 'x', false, null] },
        ],
      },
      action: { name: 'log', params: {} },
    },
  ],
  [
    String.raw`when github.issue_comment.created where comment.body contains "say \"hi\" \\ now" then log`,
    {
      pattern: ['github', 'issue_comment', 'created'],
      condition: { kind: 'contains', path: ['comment', 'body'], value: 'say "hi" \\ now' },
      action: { name: 'log', params: {} },
    },
  ],
  [
    // Backslashes other than \" and \\ stay as written, so regular expressions read naturally.
    String.raw`when github.push where ref matches "^refs/tags/v\d+\.\d+" and head_commit.message matches "(?i)release" then log`,
    {
      pattern: ['github', 'push'],
      condition: {
        kind: 'and',
        operands: [
          { kind: 'matches', path: ['ref'], regex: String.raw`^refs/tags/v\d+\.\d+` },
          { kind: 'matches', path: ['head_commit', 'message'], regex: '(?i)release' },
        ],
      },
      action: { name: 'log', params: {} },
    },
  ],
  [
    `when github.pull_request.closed where pull_request.merged_at exists and pull_request.labels.0.name == "release" then discord.post channel=${CHANNEL}`,
    {
      pattern: ['github', 'pull_request', 'closed'],
      condition: {
        kind: 'and',
        operands: [
          { kind: 'exists', path: ['pull_request', 'merged_at'] },
          { kind: 'compare', op: '==', path: ['pull_request', 'labels', '0', 'name'], value: 'release' },
        ],
      },
      action: { name: 'discord.post', params: { channel: CHANNEL } },
    },
  ],
  [
    'when x where a==1 and b!="2" and c contains 3 then log',
    {
      pattern: ['x'],
      condition: {
        kind: 'and',
        operands: [
          { kind: 'compare', op: '==', path: ['a'], value: 1 },
          { kind: 'compare', op: '!=', path: ['b'], value: '2' },
          { kind: 'contains', path: ['c'], value: 3 },
        ],
      },
      action: { name: 'log', params: {} },
    },
  ],
  [
    '  when\tx   where  a  EXISTS\tthen   log  ',
    { pattern: ['x'], condition: { kind: 'exists', path: ['a'] }, action: { name: 'log', params: {} } },
  ],
  [
    'when generic.my-app:v2.*.created then http.forward url=https://hooks.example.com/in?token=a=b&x=[1,2]',
    {
      pattern: ['generic', 'my-app:v2', '*', 'created'],
      action: { name: 'http.forward', params: { url: 'https://hooks.example.com/in?token=a=b&x=[1,2]' } },
    },
  ],
  [
    'when hubspot.contact.creation then job name=sync-contact portal=62515 mode="full sync" note="a \\"b\\""',
    {
      pattern: ['hubspot', 'contact', 'creation'],
      action: { name: 'job', params: { name: 'sync-contact', portal: '62515', mode: 'full sync', note: 'a "b"' } },
    },
  ],
  [
    'when generic.ci.* where extra.project.id == 42 and @timestamp exists and meta.$type == "build" then log',
    {
      pattern: ['generic', 'ci', '*'],
      condition: {
        kind: 'and',
        operands: [
          { kind: 'compare', op: '==', path: ['extra', 'project', 'id'], value: 42 },
          { kind: 'exists', path: ['@timestamp'] },
          { kind: 'compare', op: '==', path: ['meta', '$type'], value: 'build' },
        ],
      },
      action: { name: 'log', params: {} },
    },
  ],
  [
    // Keywords are only keywords on their own: `not.in` is a path, and `In`/`AND` are keywords.
    'when x where not.in In ["😀 ok"] AND title Matches "^\\[WIP\\]" then log',
    {
      pattern: ['x'],
      condition: {
        kind: 'and',
        operands: [
          { kind: 'in', path: ['not', 'in'], values: ['😀 ok'] },
          { kind: 'matches', path: ['title'], regex: '^\\[WIP\\]' },
        ],
      },
      action: { name: 'log', params: {} },
    },
  ],
];

const bad: [string, string, number][] = [
  ['', 'column 1: the rule is empty; a rule starts with "when"', 1],
  ['if github.push then log', 'column 1: a rule starts with "when", found "if"', 1],
  ['   github.push then log', 'column 4: a rule starts with "when", found "github.push"', 4],
  ['when then log', 'column 6: expected an event pattern (like github.pull_request.*) after "when", found "then"', 6],
  [
    'when "github.push" then log',
    'column 6: expected an event pattern (like github.pull_request.*) after "when", found the string "github.push"',
    6,
  ],
  ['when github..push then log', 'column 13: empty segment in the event pattern "github..push"', 13],
  ['when github. then log', 'column 13: empty segment in the event pattern "github."', 13],
  ['when github.**.opened then log', 'column 13: "**" can only be the last segment of an event pattern', 13],
  [
    'when github.pull_request.open* then log',
    'column 26: "open*" is not an event pattern segment (letters, digits, _, : and -, or * for any one segment)',
    26,
  ],
  [
    'when github.push discord.post channel=1',
    'column 18: expected "where" or "then" after the event pattern, found "discord.post"',
    18,
  ],
  [
    'when github.push where repository.full_name = "acme/api" then log',
    'column 45: expected an operator (==, !=, in, contains, exists, matches) after "repository.full_name", found "="',
    45,
  ],
  [
    'when x where a > 1 then log',
    'column 16: expected an operator (==, !=, in, contains, exists, matches) after "a", found ">"',
    16,
  ],
  [
    'when x where then log',
    'column 14: expected a condition (a field path, "not" or "(") after "where", found "then"',
    14,
  ],
  [
    'when x where true == 1 then log',
    'column 14: expected a condition (a field path, "not" or "(") after "where", found "true"',
    14,
  ],
  [
    'when x where a == 1 and then log',
    'column 25: expected a condition (a field path, "not" or "(") after "and", found "then"',
    25,
  ],
  [
    'when x where not then log',
    'column 18: expected a condition (a field path, "not" or "(") after "not", found "then"',
    18,
  ],
  [
    'when x where labels.*.name == "bug" then log',
    'column 14: "labels.*.name" is not a field path (keys of letters, digits, _, $, @ and - joined by dots)',
    14,
  ],
  [
    'when x where action == opened then log',
    'column 24: expected a value (a "quoted string", a number, true, false or null) after "==", found "opened"',
    24,
  ],
  [
    'when x where action in "opened" then log',
    'column 24: expected a list like ["opened", "closed"] after "in", found the string "opened"',
    24,
  ],
  [
    'when x where action in ["opened", ] then log',
    'column 35: expected a value (a "quoted string", a number, true, false or null) after ",", found "]"',
    35,
  ],
  ['when x where action in [] then log', 'column 25: the list after "in" is empty, so it could never match', 25],
  [
    'when x where action in ["a" "b"] then log',
    'column 29: expected "," or "]" in the list opened at column 24, found the string "b"',
    29,
  ],
  [
    'when x where (a == 1 or b == 2 then log',
    'column 32: expected ")" to close the "(" at column 14, found "then"',
    32,
  ],
  ['when x where a == 1) then log', 'column 20: expected "then" before the action, found ")"', 20],
  [
    'when github.push where repository.full_name == "acme/api" discord.post channel=1',
    'column 59: expected "then" before the action, found "discord.post"',
    59,
  ],
  ['when x where title == "abc then log', 'unterminated string starting at column 23', 23],
  ['when x where title == "abc\\" then log', 'unterminated string starting at column 23', 23],
  [
    'when x where title matches abc then log',
    'column 28: expected a regular expression in double quotes after "matches", found "abc"',
    28,
  ],
  ['when x where title matches "(a" then log', 'invalid regular expression at column 28: missing ): (a', 28],
  [
    'when x where title matches "(?=x)" then log',
    'invalid regular expression at column 28: invalid perl operator: (?=',
    28,
  ],
  [
    String.raw`when x where title matches "(a)\1" then log`,
    String.raw`invalid regular expression at column 28: invalid escape sequence: \1`,
    28,
  ],
  [
    'when x where a == 1 then',
    'column 25: expected an action (like discord.post) after "then", found the end of the rule',
    25,
  ],
  ['when x then 42', 'column 13: expected an action (like discord.post) after "then", found "42"', 13],
  ['when x then log level', 'column 22: expected "=" after the parameter name "level", found the end of the rule', 22],
  ['when x then log level = info', 'column 23: write parameters as key=value, without spaces around "="', 23],
  ['when x then log level= info', 'column 23: write parameters as key=value, without spaces around "="', 23],
  ['when x then log level=', 'column 23: expected a value after "level=", found the end of the rule', 23],
  ['when x then log level=info level=warn', 'column 28: parameter "level" is given twice', 28],
  ['when x then log a="b"c=1', 'column 22: expected a space between parameters, found "c"', 22],
  ['when x then log "level"=info', 'column 17: expected a parameter (key=value), found the string "level"', 17],
  [
    'when x then log 2fa=1',
    'column 17: "2fa" is not a parameter name (letters, digits, _, . and -, starting with a letter or _)',
    17,
  ],
  ['when x then log template="abc', 'unterminated string starting at column 26', 26],
  [
    `when x where ${'('.repeat(40)}a exists${')'.repeat(40)} then log`,
    'column 46: conditions are nested too deeply (more than 32 levels)',
    46,
  ],
  [
    `when x where ${'not '.repeat(40)}a exists then log`,
    'column 142: conditions are nested too deeply (more than 32 levels)',
    142,
  ],
  // Columns count characters, not UTF-16 units: the emoji is one column.
  ['when x where a == "😀" b then log', 'column 23: expected "then" before the action, found "b"', 23],
];

describe('parseRule', () => {
  it.each(good)('parses %s', (text, rule) => {
    expect(parseRule(text)).toEqual(rule);
  });

  it.each(bad)('refuses %s', (text, message, column) => {
    let thrown: unknown;
    try {
      parseRule(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RuleSyntaxError);
    expect(thrown).toMatchObject({ name: 'RuleSyntaxError', message, column });
  });

  it('says in a few words what was expected', () => {
    const expected = (text: string) => {
      try {
        parseRule(text);
      } catch (error) {
        return (error as RuleSyntaxError).expected;
      }
      throw new Error(`${text} parsed`);
    };
    expect(expected('')).toBe('"when"');
    expect(expected('when x where a = 1 then log')).toBe('an operator (==, !=, in, contains, exists, matches)');
    expect(expected('when x where a == 1 log')).toBe('"then"');
    expect(expected('when x where a == "b then log')).toBe('a closing "');
    expect(expected('when x where a matches "[" then log')).toBe(
      'a regular expression in RE2 syntax (no lookaround or backreferences)',
    );
  });

  it('omits the condition key when there is no where clause, so stored rules stay small', () => {
    expect(Object.keys(parseRule('when x then log'))).toEqual(['pattern', 'action']);
  });

  it('keeps a parameter named __proto__ as plain data', () => {
    const rule = parseRule('when x then job name=a __proto__=polluted');
    expect(Object.keys(rule.action.params)).toEqual(['name', '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
