import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

/**
 * `crier status` and the other Redis-only commands run on workers/redis-context.ts: no network
 * registry, no publisher, no summariser (#12). A resolve hook registered after tsx's logs the URL
 * of every module the real CLI process loads.
 */
const FORBIDDEN = [
  /\/src\/publishers\/registry\.ts$/,
  /\/src\/publishers\/[^/]+\/[^/]+-(network|publisher|client|media|lifecycle)\.ts$/,
  /\/src\/publishers\/(http-client|errors)\.ts$/,
  /\/src\/summaries\//,
  /\/workers\/context\.ts$/,
  /\/node_modules\/(twitter-api-v2|canvas|@napi-rs\/canvas|@atproto\/api)\//,
];

function loadedModules(args: string[], logFile: string): { status: number | null; output: string; modules: string[] } {
  writeFileSync(logFile, '');
  const hooks = `import{appendFileSync}from'node:fs';export async function resolve(s,c,n){const r=await n(s,c);appendFileSync(${JSON.stringify(logFile)},r.url+'\\n');return r;}`;
  const register = `import{register}from'node:module';register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', `data:text/javascript,${encodeURIComponent(register)}`, path.resolve('cli/main.ts'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, REDIS_URL: TEST_REDIS_URL, LOG_LEVEL: 'warn', X_OAUTH2_TOKEN: undefined, X_APP_KEY: undefined, DISCORD_WEBHOOK_URL: undefined },
    timeout: 90_000,
  });
  const modules = [...new Set(readFileSync(logFile, 'utf8').split('\n').filter(Boolean))];
  return { status: r.status, output: r.stdout + r.stderr, modules };
}

const forbiddenIn = (modules: string[]) => modules.filter((m) => FORBIDDEN.some((re) => re.test(m)));

describe('the Redis-only commands load no publisher (real CLI, real Redis)', { timeout: 240_000 }, () => {
  let prefix: string;
  let config: string;
  let logFile: string;

  beforeEach(() => {
    prefix = uniquePrefix('cli-imports');
    const dir = mkdtempSync(path.join(tmpdir(), 'crier-imports-'));
    config = path.join(dir, 'crier.yaml');
    logFile = path.join(dir, 'modules.log');
    // Live channels without credentials: status and pause need only Redis.
    writeFileSync(config, `redis: { prefix: ${JSON.stringify(prefix)}, autoStart: false }\noutbox: { dir: ${JSON.stringify(path.join(dir, 'outbox'))} }\nfeeds:\n  - { id: desk, url: ${JSON.stringify(path.resolve('config/sample-feed.xml'))} }\nnetworks:\n  x: { mode: live }\n  discord: { mode: live }\n  facebook: {}\n`);
  });
  afterEach(async () => deletePrefix(prefix));

  it('crier status and crier pause: ledgers and queues only', () => {
    for (const args of [['status'], ['pause', 'x', '--reason', 'maintenance']]) {
      const r = loadedModules([...args, '--config', config], logFile);
      expect(r.status, r.output).toBe(0);
      // The hook saw the status path itself, so an empty forbidden list means something.
      expect(r.modules.some((m) => m.endsWith('/workers/redis-context.ts'))).toBe(true);
      expect(r.modules.some((m) => m.endsWith('/src/desk/status-data.ts'))).toBe(true);
      expect(forbiddenIn(r.modules), args.join(' ')).toEqual([]);
    }
  });

  it('the same hook sees the registry where a command needs it (crier preview)', () => {
    const r = loadedModules(['preview', path.resolve('config/sample-feed.xml'), '--config', config], logFile);
    expect(r.status, r.output).toBe(0);
    expect(forbiddenIn(r.modules).some((m) => m.endsWith('/src/publishers/registry.ts'))).toBe(true);
  });
});
