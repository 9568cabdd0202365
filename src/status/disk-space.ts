import type { StatsFs } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface DiskSpace {
  path: string;
  freeBytes: number;
  sizeBytes: number;
}

/** Free and total bytes of the file system holding `path` (or, before it exists, its nearest parent). */
export async function diskSpace(path: string): Promise<DiskSpace> {
  const stats = await statfsNearest(path);
  return { path, freeBytes: stats.bavail * stats.bsize, sizeBytes: stats.blocks * stats.bsize };
}

async function statfsNearest(path: string): Promise<StatsFs> {
  try {
    return await statfs(path);
  } catch (error) {
    const parent = dirname(path);
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === path) throw error;
    return statfsNearest(parent);
  }
}
