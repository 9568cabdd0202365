import { compileTemplate, TemplateSyntaxError } from '../templates/liquid-engine';
import { RuleAction } from './rule-syntax';

export interface ParamSpec {
  required: boolean;
  /** What to write, shown in "needs channel=<channel id>". */
  placeholder: string;
  /** A problem with the value, or undefined when it is fine. */
  check: (value: string) => string | undefined;
}

export interface ActionSpec {
  name: string;
  description: string;
  params: Readonly<Record<string, ParamSpec>>;
  /** `job` hands every other parameter to the job as it is; the others refuse unknown names. */
  passThrough: boolean;
  /** Problems that involve several parameters at once. */
  checkAll?: (params: Readonly<Record<string, string>>) => string[];
}

const SNOWFLAKE = /^\d{17,20}$/;
const MENTIONS = new Set(['users', 'roles', 'everyone']);

const snowflake =
  (name: string) =>
  (value: string): string | undefined =>
    SNOWFLAKE.test(value) ? undefined : `${name} must be a Discord snowflake (17-20 digits)`;

function mentions(value: string): string | undefined {
  const kinds = value.split(',');
  if (value === 'none' || kinds.every((kind) => MENTIONS.has(kind))) return undefined;
  return 'mentions must be none or a comma-separated list of users, roles and everyone';
}

function httpUrl(value: string): string | undefined {
  // Whether the host may be private or loopback depends on config, so http.forward checks it when it runs.
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '') return undefined;
  } catch {
    // falls through to the problem below
  }
  return 'url must be an absolute http(s) URL';
}

function liquidTemplate(value: string): string | undefined {
  try {
    compileTemplate(value);
    return undefined;
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return `text is not a valid Liquid template: ${error.message}`;
    throw error;
  }
}

const param = (placeholder: string, check: ParamSpec['check'], required = false): ParamSpec => ({
  required,
  placeholder,
  check,
});

/** A parameter holding Liquid (Jira text is rendered without Discord escaping, but parses the same). */
const liquidParam = (name: string, required = false): ParamSpec =>
  param(
    '"<Liquid template>"',
    (value) =>
      liquidTemplate(value)?.replace(/^text /, `${name} `) ?? (value.trim() === '' ? `${name} is empty` : undefined),
    required,
  );

const JIRA_LABELS = /^[^\s,]{1,255}(,[^\s,]{1,255})*$/;
const jiraLabels = param('<label,label>', (value) =>
  JIRA_LABELS.test(value) ? undefined : 'labels must be Jira labels without spaces, comma-separated',
);
const recordId = param(
  '"<Liquid template>"',
  (value) => liquidTemplate(value)?.replace(/^text /, 'id ') ?? (value.trim() === '' ? 'id is empty' : undefined),
);

/** jira.create, jira.update and peopleforce.complete (src/integrations). */
const INTEGRATION_ACTIONS: ActionSpec[] = [
  {
    name: 'jira.create',
    description:
      "Create a Jira issue for the event's record (payload.id), or update the one it already has; the description is sent as Atlassian Document Format",
    passThrough: false,
    params: {
      project: param(
        '<project key>',
        (value) =>
          /^[A-Z][A-Z0-9_]{0,19}$/.test(value) ? undefined : 'project must be a Jira project key such as OPS',
        true,
      ),
      type: param('<issue type>', (value) =>
        value.trim() !== '' && value.length <= 60 ? undefined : 'type must be a Jira issue type name such as Task',
      ),
      summary: liquidParam('summary', true),
      description: liquidParam('description'),
      labels: jiraLabels,
      id: recordId,
    },
  },
  {
    name: 'jira.update',
    description:
      "Update the Jira issue linked to the event's record (and move it through a transition); nothing when none is",
    passThrough: false,
    params: {
      summary: liquidParam('summary'),
      description: liquidParam('description'),
      labels: jiraLabels,
      transition: param('"<transition or status name>"', (value) =>
        value.trim() !== '' && value.length <= 100 ? undefined : 'transition must name a Jira transition or status',
      ),
      id: recordId,
    },
    checkAll: (params) =>
      ['summary', 'description', 'labels', 'transition'].some((name) => Object.hasOwn(params, name))
        ? []
        : ['jira.update needs at least one of summary, description, labels and transition'],
  },
  {
    name: 'peopleforce.complete',
    description: "Complete the PeopleForce task linked to the event's Jira issue, once Jira says the issue is done",
    passThrough: false,
    params: {},
  },
];

export const ACTIONS: readonly ActionSpec[] = [
  {
    name: 'discord.post',
    description: 'Post a message to a Discord channel, formatted by a template or the built-in formatter',
    passThrough: false,
    params: {
      channel: param('<channel id>', snowflake('channel'), true),
      template: param('<template name>', (value) =>
        /^[a-z0-9_.-]+$/.test(value) ? undefined : 'template must be a template name (a-z, 0-9, _, . and -)',
      ),
      text: param('"<Liquid template>"', liquidTemplate),
      thread: param('<thread id>', snowflake('thread')),
      mentions: param('<users,roles,everyone or none>', mentions),
      coalesce: param('<on or off>', (value) =>
        value === 'on' || value === 'off' ? undefined : 'coalesce must be on or off',
      ),
    },
    checkAll: (params) =>
      Object.hasOwn(params, 'template') && Object.hasOwn(params, 'text')
        ? ['discord.post takes template=<name> or text="<Liquid template>", not both']
        : [],
  },
  {
    name: 'job',
    description: 'Enqueue a named job; every other parameter is passed to it',
    passThrough: true,
    params: {
      name: param(
        '<job name>',
        (value) =>
          /^[\w.\-/]{1,100}$/.test(value)
            ? undefined
            : 'name must be a job name (up to 100 letters, digits, _, ., - and /)',
        true,
      ),
    },
  },
  {
    name: 'http.forward',
    description: 'POST the event to a URL, signed with Standard Webhooks headers',
    passThrough: false,
    params: { url: param('<http(s) URL>', httpUrl, true) },
  },
  {
    name: 'log',
    description: 'Write the matched event to the log',
    passThrough: false,
    params: {
      level: param('<info, warn or debug>', (value) =>
        ['info', 'warn', 'debug'].includes(value) ? undefined : 'level must be info, warn or debug',
      ),
    },
  },
  ...INTEGRATION_ACTIONS,
];

const byName = new Map(ACTIONS.map((action) => [action.name, action]));

/**
 * Everything wrong with a parsed rule's action, as sentences for a 400 response; empty when the
 * action can run. Checks the name, required parameters, unknown parameters and each value.
 */
export function validateAction(action: RuleAction): string[] {
  const spec = byName.get(action.name);
  if (!spec) {
    return [`unknown action "${action.name}"; known actions: ${ACTIONS.map((known) => known.name).join(', ')}`];
  }
  const problems: string[] = [];
  for (const [name, param] of Object.entries(spec.params)) {
    const value = Object.hasOwn(action.params, name) ? action.params[name] : undefined;
    if (value === undefined) {
      if (param.required) problems.push(`${spec.name} needs ${name}=${param.placeholder}`);
      continue;
    }
    const problem = param.check(value);
    if (problem) problems.push(problem);
  }
  problems.push(...(spec.checkAll?.(action.params) ?? []));
  if (!spec.passThrough) {
    const known = Object.keys(spec.params);
    for (const name of Object.keys(action.params)) {
      if (!known.includes(name)) {
        problems.push(`${spec.name} has no parameter "${name}"; its parameters: ${known.join(', ')}`);
      }
    }
  }
  return problems;
}
