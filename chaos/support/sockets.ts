import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Socket inodes of TCP connections whose local port is `port` (IPv4 and IPv6 tables). */
function inodesOfLocalPort(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      if (!local) continue;
      if (parseInt(local.split(':')[1]!, 16) === port) inodes.add(fields[9]!);
    }
  }
  return inodes;
}

/**
 * Which of `pids` holds the TCP connection whose local port is `port`: how the harness tells
 * which worker a PostgreSQL backend (pg_stat_activity.client_port) or a request to the fake
 * Discord (its remote port) belongs to. Linux only (/proc).
 */
export function processOwningPort(port: number, pids: readonly number[]): number | undefined {
  const inodes = inodesOfLocalPort(port);
  if (inodes.size === 0) return undefined;
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        if (inode && inodes.has(inode)) return pid;
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

/** Resident set size of a process in MiB (from /proc), or NaN when it is gone. */
export function rssMb(pid: number): number {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}
