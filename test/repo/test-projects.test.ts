/**
 * The Vitest projects (issue #12) as Vitest itself resolves them from vitest.config.ts: every test
 * file is in exactly one project, the files that start a whole Crier are in `e2e`, and no `unit`
 * file reaches for Redis (the unit project also runs with REDIS_URL on a closed port).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserGate } from '../helpers/browser-gate.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function testFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(repoRoot, rel)).isDirectory()) return rel === 'test/fixtures' ? [] : testFiles(rel);
    return rel.endsWith('.test.ts') ? [rel] : [];
  });
}

/** `vitest list --filesOnly`: file → the projects that would run it. */
function listProjects(): Map<string, string[]> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'TEST' && k !== 'NODE_ENV'));
  const vitest = path.join(repoRoot, 'node_modules/vitest/vitest.mjs');
  const out = execFileSync(process.execPath, [vitest, 'list', '--filesOnly', '--json'], { cwd: repoRoot, env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const listed = JSON.parse(out.slice(out.indexOf('['), out.lastIndexOf(']') + 1)) as { file: string; projectName: string }[];
  const byFile = new Map<string, string[]>();
  for (const { file, projectName } of listed) {
    const rel = path.relative(repoRoot, file).split(path.sep).join('/');
    byFile.set(rel, [...(byFile.get(rel) ?? []), projectName]);
  }
  return byFile;
}

const source = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
/** Imports of what starts a Crier (its roles: poller, workers): the test helpers, or `startRoles` itself. */
const STARTS_CRIER = /^import [^;]* from '(?:\.\.?\/)+(?:helpers\/)?(?:pipeline|e2e-run)\.js';|^import [^;]*\bstartRoles\b[^;]* from '(?:\.\.\/)+workers\/runtime\.js';/m;
const USES_REDIS = /^import [^;]* from '(?:(?:\.\.?\/)+(?:helpers\/)?redis\.js|ioredis|bullmq)';/m;

describe('vitest projects', () => {
  let projects: Map<string, string[]>;
  beforeAll(() => {
    projects = listProjects();
  }, 60_000);

  it('every test file is in exactly one project (the browser files only when the gate lets them run)', () => {
    const leftOut = browserGate().exclude;
    const wrong = testFiles('test').flatMap((file) => {
      const where = projects.get(file) ?? [];
      const expected = leftOut && /\.browser\.[^/]*test\.ts$/.test(file) ? 0 : 1;
      return where.length === expected ? [] : [`${file}: ${where.join(', ') || 'no project'}`];
    });
    expect(wrong).toEqual([]);
    expect(new Set([...projects.values()].flat())).toEqual(new Set(['unit', 'int', 'e2e', ...(leftOut ? [] : ['browser'])]));
  });

  it('files that start a whole Crier are e2e; unit files import no Redis', () => {
    const misplaced = [...projects].flatMap(([file, [name]]) => {
      const text = source(file);
      if (STARTS_CRIER.test(text) && name !== 'e2e' && name !== 'browser') return [`${file} starts a Crier but is ${name}`];
      if (name === 'unit' && USES_REDIS.test(text)) return [`${file} uses Redis but is unit`];
      return [];
    });
    expect(misplaced).toEqual([]);
  });

  it('the guards recognise what they look for', () => {
    expect(STARTS_CRIER.test(`import { startTestCrier } from '../helpers/pipeline.js';`)).toBe(true);
    expect(STARTS_CRIER.test(`import { e2eResources } from '../../helpers/e2e-run.js';`)).toBe(true);
    expect(STARTS_CRIER.test(`import { startRoles, type Running } from '../../workers/runtime.js';`)).toBe(true);
    expect(STARTS_CRIER.test(`import type { Running } from '../../workers/runtime.js';`)).toBe(false);
    expect(STARTS_CRIER.test(`import { pipelineOf } from '../../src/drafts/pipeline-of.js';`)).toBe(false);
    expect(USES_REDIS.test(`import { TEST_REDIS_URL } from '../helpers/redis.js';`)).toBe(true);
    expect(USES_REDIS.test(`import { Redis } from 'ioredis';`)).toBe(true);
  });
});
