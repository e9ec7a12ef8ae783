import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

export const CLI = ['--import', 'tsx', path.resolve('cli/main.ts')];

/** Runs the real CLI to completion (a separate process, as an operator or cron would). */
export function crier(args: string[], env: Record<string, string | undefined> = {}, input?: string) {
  return spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: 60_000, ...(input !== undefined ? { input } : {}) });
}

export { freePort } from '../helpers/redis-procs.js';

/** A long-running CLI process whose output can be awaited line by line (never a fixed sleep). */
export function spawnCrier(args: string[], env: Record<string, string | undefined> = {}) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [...CLI, ...args], { env: { ...process.env, ...env } });
  let output = '';
  const waiters: { test: (s: string) => boolean; resolve: () => void }[] = [];
  const onData = (d: Buffer) => {
    output += d.toString();
    for (const w of [...waiters]) {
      if (w.test(output)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    /** Resolves when the output so far matches; rejects (with the output) if the process exits first or after `timeoutMs`. */
    waitFor(pattern: RegExp | string, timeoutMs = 30_000): Promise<void> {
      const test = (s: string) => (typeof pattern === 'string' ? s.includes(pattern) : pattern.test(s));
      if (test(output)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${String(pattern)}; output:\n${output}`)), timeoutMs);
        const waiter = { test, resolve: () => (clearTimeout(timer), resolve()) };
        waiters.push(waiter);
        void exited.then((code) => {
          if (!waiters.includes(waiter)) return;
          clearTimeout(timer);
          reject(new Error(`exited (${String(code)}) before ${String(pattern)}; output:\n${output}`));
        });
      });
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A real redis-server of the test's own on a spare port, to take down and bring back. Waits until it answers. */
export async function startRedisServer(port: number, dir: string, opts: { durable?: boolean } = {}): Promise<{ url: string; stop(): Promise<void> }> {
  const url = `redis://127.0.0.1:${port}`;
  // durable: every write is in the AOF before Redis answers, so even a SIGKILL loses nothing.
  const persistence = opts.durable ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...persistence], { stdio: 'ignore' });
  const exited = new Promise<void>((r) => server.once('exit', () => r()));
  const { pingRedis } = await import('../../src/queues/connection.js');
  const deadline = Date.now() + 20_000;
  while (!(await pingRedis(url, 500)).ok) {
    if (server.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    async stop() {
      if (server.exitCode === null) server.kill('SIGKILL');
      await exited;
    },
  };
}
