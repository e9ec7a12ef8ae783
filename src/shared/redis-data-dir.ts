import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Auto-start must never put an EMPTY Redis where the real one should be: Crier would see every story
 * in its feeds as new and post the backfill again. So Crier only starts redis-server on a data
 * directory it created itself, marked by this file, and remembers when it has been using a Redis it
 * did not start (then it refuses to stand in for it).
 */
export const MARKER_FILE = 'crier-redis.json';

export interface DataDirMarker {
  /** embedded: Crier's own redis-server keeps its data here. external: Crier uses a Redis it did not start. */
  mode: 'embedded' | 'external';
  createdAt?: string;
  /** external: the (redacted) URL of the Redis Crier has been using. */
  url?: string;
  /** embedded, while running: the redis-server Crier started, to refuse a second one on the same files. */
  pid?: number;
  port?: string;
}

export type DataDirVerdict = { ok: true; created: boolean } | { ok: false; reason: string };

export function markerPath(dir: string): string {
  return path.join(dir, MARKER_FILE);
}

export function readMarker(dir: string): DataDirMarker | undefined {
  let text: string;
  try {
    text = readFileSync(markerPath(dir), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<DataDirMarker>;
    // A marker an operator wrote by hand to adopt a directory ("{}") counts as embedded.
    return { ...parsed, mode: parsed.mode === 'external' ? 'external' : 'embedded' };
  } catch {
    return { mode: 'embedded' };
  }
}

export function writeMarker(dir: string, marker: DataDirMarker): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(markerPath(dir), `${JSON.stringify({ createdAt: new Date().toISOString(), ...marker }, null, 2)}\n`);
}

/** A redis-server that Crier started on this directory and that is still alive (pids are reused: check the command). */
export function liveServerPid(marker: DataDirMarker | undefined): number | undefined {
  const pid = marker?.pid;
  if (!pid) return undefined;
  try {
    process.kill(pid, 0);
  } catch {
    return undefined;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server') ? pid : undefined;
  } catch {
    return pid;
  }
}

/** May Crier start its own redis-server on `dir`? Creates and marks the directory when it is new (or empty). */
export function claimDataDir(dir: string, port: string): DataDirVerdict {
  const marker = readMarker(dir);
  const adopt = `echo '{"mode":"embedded"}' > ${markerPath(dir)}`;
  if (marker?.mode === 'external') {
    return {
      ok: false,
      reason:
        `Crier has been using a Redis it did not start${marker.url ? ` (${marker.url})` : ''}, and it does not answer. Starting an empty one in its place ` +
        `would post old stories again, so Crier will not. Start that Redis again (or point REDIS_URL at it). To let Crier run its own Redis from now on ` +
        `(it starts empty), remove ${markerPath(dir)} and set redis.autoStart: true.`,
    };
  }
  const running = liveServerPid(marker);
  if (running) {
    return { ok: false, reason: `a redis-server Crier started (pid ${running}, port ${marker?.port ?? '?'}) is still running on ${dir}. Point REDIS_URL at it, or stop it first.` };
  }
  if (marker) return { ok: true, created: false };
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    return {
      ok: false,
      reason:
        `${dir} is not empty and was not created by Crier (no ${MARKER_FILE}), so Crier will not start a redis-server on it. ` +
        `Set redis.dataDir to a new directory, or, if this is the directory Crier's own redis-server used before, adopt it with: ${adopt}`,
    };
  }
  writeMarker(dir, { mode: 'embedded', port });
  return { ok: true, created: true };
}
