/**
 * Every Redis connection of Crier is made by one factory (src/shared/redis-target.ts), so each one
 * follows the configured topology (REDIS_URL, Sentinel or Cluster; issue #18). A `new Redis(…)`
 * anywhere else would quietly talk to one server while the rest of Crier follows a failover.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FACTORY = 'src/shared/redis-target.ts';

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return tsFiles(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

/** Lines that construct a client or import ioredis for its values (types are fine). */
function offenders(file: string, text: string): string[] {
  return text
    .split('\n')
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => /\bnew\s+(Redis|Cluster|IORedis)\s*\(/.test(line) || (/from\s+'ioredis'/.test(line) && !/^\s*import\s+type\b/.test(line)))
    .map(({ line, n }) => `${file}:${n}: ${line.trim()}`);
}

describe('one Redis connection factory', () => {
  it('src/, workers/ and cli/ open Redis only through src/shared/redis-target.ts', () => {
    const files = ['src', 'workers', 'cli'].flatMap(tsFiles);
    expect(files).toContain(FACTORY);
    const found = files.filter((f) => f !== FACTORY).flatMap((f) => offenders(f, readFileSync(path.join(repoRoot, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('the check sees a stray client', () => {
    expect(offenders('x.ts', "import { Redis } from 'ioredis';\nconst r = new Redis(url);")).toHaveLength(2);
    expect(offenders('x.ts', "import type { Redis } from 'ioredis';")).toEqual([]);
  });
});
