import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** Other benchmark or test processes on this machine (they would share the CPUs with the measurement). */
export function otherBenchmarks(): string[] {
  const mine = new Set([process.pid, process.ppid]);
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || mine.has(pid)) continue;
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      const parent = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
      if (mine.has(parent)) continue;
      if (/^(\S*\/)?node\b/.test(args) && /bench\/|jest|dist\/main\.js/.test(args)) found.push(`${pid} ${args}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** One line about the machine, and a warning when other benchmarks run alongside. */
export function machineNote(): string {
  const others = otherBenchmarks();
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const note = `machine: ${cpus().length} CPUs, load average ${load}`;
  return others.length === 0
    ? note
    : `${note}\nWARNING: other benchmark/test processes are running; figures will be low:\n  ${others.join('\n  ')}`;
}
