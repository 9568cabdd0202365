import { ACTIONS, validateAction } from './action-catalog';
import { parseRule } from './rule-parser';

const CHANNEL = '123456789012345678';
const problems = (action: string) => validateAction(parseRule(`when x then ${action}`).action);

describe('validateAction', () => {
  it.each([
    `discord.post channel=${CHANNEL}`,
    `discord.post channel=${CHANNEL} template=github.pull_request thread=12345678901234567 mentions=users,roles`,
    `discord.post channel=${CHANNEL} mentions=none`,
    `discord.post channel=${CHANNEL} mentions=everyone`,
    `discord.post channel=${CHANNEL} coalesce=off`,
    'job name=sync-deal portal=62515 anything="goes here"',
    'http.forward url=https://hooks.example.com/in?x=1',
    'http.forward url=http://10.0.0.5:8080/hook',
    `discord.post channel=${CHANNEL} text="Deal {{ payload.dealname }} is {{ payload.stage | upcase }}"`,
    'log',
    'log level=debug',
  ])('accepts %s', (action) => {
    expect(problems(action)).toEqual([]);
  });

  it.each([
    [
      'discord.pots channel=1',
      [
        'unknown action "discord.pots"; known actions: discord.post, job, http.forward, log, jira.create, jira.update, peopleforce.complete',
      ],
    ],
    ['discord.post', ['discord.post needs channel=<channel id>']],
    ['discord.post channel=general', ['channel must be a Discord snowflake (17-20 digits)']],
    ['discord.post channel=1234567890123456', ['channel must be a Discord snowflake (17-20 digits)']],
    [
      `discord.post channel=${CHANNEL} thread=abc template=Deploy!`,
      ['template must be a template name (a-z, 0-9, _, . and -)', 'thread must be a Discord snowflake (17-20 digits)'],
    ],
    [
      `discord.post channel=${CHANNEL} mentions=none,users`,
      ['mentions must be none or a comma-separated list of users, roles and everyone'],
    ],
    [
      `discord.post channel=${CHANNEL} mentions=here`,
      ['mentions must be none or a comma-separated list of users, roles and everyone'],
    ],
    [`discord.post channel=${CHANNEL} coalesce=maybe`, ['coalesce must be on or off']],
    [
      `discord.post channel=${CHANNEL} chanel=${CHANNEL}`,
      ['discord.post has no parameter "chanel"; its parameters: channel, template, text, thread, mentions, coalesce'],
    ],
    [
      `discord.post channel=${CHANNEL} template=deploy text="{{ payload.x }}"`,
      ['discord.post takes template=<name> or text="<Liquid template>", not both'],
    ],
    [
      `discord.post channel=${CHANNEL} text="{% if payload.x %}open"`,
      ['text is not a valid Liquid template: tag {% if payload.x %} not closed, line:1, col:1'],
    ],
    ['job', ['job needs name=<job name>']],
    ['job name="two words"', ['name must be a job name (up to 100 letters, digits, _, ., - and /)']],
    ['http.forward', ['http.forward needs url=<http(s) URL>']],
    ['http.forward url=ftp://files.example.com/x', ['url must be an absolute http(s) URL']],
    ['http.forward url=/relative/path', ['url must be an absolute http(s) URL']],
    ['log level=error', ['level must be info, warn or debug']],
    ['log channel=1', ['log has no parameter "channel"; its parameters: level']],
  ])('refuses %s', (action, expected) => {
    expect(problems(action)).toEqual(expected);
  });

  it('does not mistake inherited object keys for parameters', () => {
    expect(validateAction({ name: 'discord.post', params: JSON.parse('{"__proto__": "x"}') })).toEqual([
      'discord.post needs channel=<channel id>',
      'discord.post has no parameter "__proto__"; its parameters: channel, template, text, thread, mentions, coalesce',
    ]);
    expect(validateAction({ name: 'toString', params: {} })).toEqual([
      'unknown action "toString"; known actions: discord.post, job, http.forward, log, jira.create, jira.update, peopleforce.complete',
    ]);
  });

  it('describes every action for the API and dashboard', () => {
    expect(ACTIONS.map((action) => [action.name, Object.keys(action.params)])).toEqual([
      ['discord.post', ['channel', 'template', 'text', 'thread', 'mentions', 'coalesce']],
      ['job', ['name']],
      ['http.forward', ['url']],
      ['log', ['level']],
      ['jira.create', ['project', 'type', 'summary', 'description', 'labels', 'id']],
      ['jira.update', ['summary', 'description', 'labels', 'transition', 'id']],
      ['peopleforce.complete', []],
    ]);
  });
});
