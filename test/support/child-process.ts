import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface Child {
  process: ChildProcess;
  output(): string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns a real process and collects stdout and stderr together. */
export function spawnChild(command: string, args: string[], env: Record<string, string | undefined> = {}): Child {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const waiters: (() => void)[] = [];
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    waiters.forEach((w) => w());
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      waiters.forEach((w) => w());
      resolve({ code, signal });
    }),
  );
  return {
    process: child,
    output: () => output,
    exited,
    waitForOutput: (pattern, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) {
            clearTimeout(timer);
            resolve(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            reject(new Error(`Process exited before printing ${pattern}:\n${output}`));
          }
        };
        const timer = setTimeout(
          () => reject(new Error(`No ${pattern} within ${timeoutMs} ms:\n${output}`)),
          timeoutMs,
        );
        waiters.push(check);
        check();
      }),
  };
}

/** `node dist/main.js ...args`: the built application, as operators run it. */
export const runSwitchyard = (args: string[], env: Record<string, string | undefined> = {}) =>
  spawnChild(process.execPath, [join(ROOT, 'dist', 'main.js'), ...args], env);
