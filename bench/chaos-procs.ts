import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

/** The processes `npm run chaos` starts, kills and restarts: a redis-server and Crier's roles via the CLI. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export { freePort } from '../test/helpers/redis-procs.js';

async function exitOf(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((r) => {
    child.once('exit', r);
    child.kill(signal);
  });
}

/** A redis-server on `port`; `aof` on means appendfsync always (a SIGKILL loses no acknowledged write). */
export async function startRedis(port: number, dir: string, aof: boolean) {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir, '--appendonly', aof ? 'yes' : 'no', ...(aof ? ['--appendfsync', 'always'] : [])];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  const probe = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await probe.connect();
      // Loading an AOF answers LOADING until done.
      await probe.ping();
      probe.disconnect();
      break;
    } catch (err) {
      probe.disconnect();
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { kill: () => exitOf(child, 'SIGKILL') };
}

export interface RoleProcess {
  name: string;
  kills: number;
  /** SIGKILL, then a fresh process at once. */
  killAndRestart(): Promise<void>;
  stop(): Promise<void>;
}

/** `crier <role>` as its own process (JSON logs); `onLine` sees every log line. */
export function startRole(name: string, role: 'poller' | 'worker', configPath: string, env: NodeJS.ProcessEnv, onLine: (line: string) => void): RoleProcess {
  let child: ChildProcess;
  const spawnOne = () => {
    child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'cli/main.ts'), role, '--config', configPath], {
      cwd: ROOT,
      env: { ...process.env, ...env, LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffered = '';
    const read = (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const l of lines) if (l) onLine(l);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
  };
  spawnOne();
  const proc: RoleProcess = {
    name,
    kills: 0,
    async killAndRestart() {
      await exitOf(child, 'SIGKILL');
      proc.kills++;
      spawnOne();
    },
    stop: () => exitOf(child, 'SIGTERM'),
  };
  return proc;
}
