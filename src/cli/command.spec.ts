import { parseCommand, UsageError } from './command';

describe('parseCommand', () => {
  const parse = (args: string[], env: NodeJS.ProcessEnv = {}) => parseCommand(args, env);

  it.each([
    [['api'], ['api'], false],
    [['worker'], ['worker'], false],
    [['api,worker'], ['api', 'worker'], false],
    [['worker, API'], ['api', 'worker'], false],
    [['all'], ['api', 'worker', 'bot'], true],
    [[], ['api', 'worker', 'bot'], true],
  ])('%j runs roles %j', (args, roles, all) => {
    expect(parse(args)).toEqual({ kind: 'run', roles, all });
  });

  it('takes ROLES from the environment when no argument is given', () => {
    expect(parse([], { ROLES: 'worker,bot' })).toEqual({ kind: 'run', roles: ['worker', 'bot'], all: false });
  });

  it('prefers the argument over ROLES', () => {
    expect(parse(['api'], { ROLES: 'worker' })).toEqual({ kind: 'run', roles: ['api'], all: false });
  });

  it('knows the migrate, admin-link and register-commands commands and --help', () => {
    expect(parse(['migrate'])).toEqual({ kind: 'command', name: 'migrate' });
    expect(parse(['admin-link'])).toEqual({ kind: 'command', name: 'admin-link' });
    expect(parse(['register-commands'])).toEqual({ kind: 'command', name: 'register-commands' });
    expect(parse(['--help'])).toEqual({ kind: 'help' });
    expect(parse(['api', '-h'])).toEqual({ kind: 'help' });
  });

  it('refuses an unknown role, naming the valid ones', () => {
    expect(() => parse(['web'])).toThrow(
      new UsageError(
        'Unknown role or command "web". Valid roles: api, worker, bot, all (or a comma list such as api,worker). Commands: migrate, admin-link, register-commands, sync-people, reseal-secrets.',
      ),
    );
    expect(() => parse([], { ROLES: 'api,nope' })).toThrow(/Unknown role or command "nope"/);
  });

  it('refuses all combined with other roles, unknown flags and extra arguments', () => {
    expect(() => parse(['all,api'])).toThrow('"all" cannot be combined with other roles.');
    expect(() => parse(['--verbose'])).toThrow('Unknown option --verbose');
    expect(() => parse(['api', 'worker'])).toThrow('Expected one roles argument or command');
    expect(() => parse([','])).toThrow('No role given');
  });
});
