import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll } from 'vitest';

/**
 * Hostile-input tests guard against quadratic work and memory blow-ups by ABORT, not by timing
 * (#12): each call runs in a worker thread with a capped heap; a call still running at its
 * deadline is terminated and the test fails with "did not finish", and a heap over the cap kills
 * the worker (ERR_WORKER_OUT_OF_MEMORY). The deadlines are ten to a hundred times the measured
 * cost, so they never decide a healthy run; how fast and how lean is what `npm run bench:hostile`
 * and `npm run bench:text` measure.
 */
export interface BoundedRunner {
  call<T>(moduleUrl: URL, exportName: string | undefined, args: unknown[], deadlineMs: number): Promise<T>;
  close(): Promise<void>;
}

export class BoundedRunError extends Error {
  override name = 'BoundedRunError';
}

export function startBoundedRunner(heapMb: number): BoundedRunner {
  let worker = spawn(heapMb);
  let nextId = 0;
  return {
    call<T>(moduleUrl: URL, exportName: string | undefined, args: unknown[], deadlineMs: number): Promise<T> {
      const id = nextId++;
      const w = worker;
      return new Promise<T>((resolve, reject) => {
        const done = (fn: () => void) => {
          clearTimeout(timer);
          w.off('message', onMessage);
          w.off('error', onError);
          fn();
        };
        const onMessage = (m: { id: number; ok: boolean; value?: T; name?: string; message?: string }) => {
          if (m.id !== id) return;
          done(() => (m.ok ? resolve(m.value as T) : reject(Object.assign(new Error(m.message), { name: m.name }))));
        };
        const onError = (err: Error) => done(() => reject(new BoundedRunError(`${exportName ?? moduleUrl.pathname} aborted: ${err.message}`)));
        const timer = setTimeout(() => {
          done(() => reject(new BoundedRunError(`${exportName ?? moduleUrl.pathname} did not finish within ${deadlineMs} ms: aborted (quadratic work?)`)));
          void w.terminate();
          worker = spawn(heapMb); // later calls get a fresh worker
        }, deadlineMs);
        w.on('message', onMessage);
        w.on('error', onError);
        w.postMessage({ id, moduleUrl: moduleUrl.href, exportName, args });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}

function spawn(heapMb: number): Worker {
  return new Worker(new URL('./bounded-run.worker.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: heapMb } });
}

/**
 * One runner for a test file: started and its modules loaded (outside any deadline) before the
 * tests, closed after them. `run(module, export, args)` aborts after `deadlineMs`.
 */
export function useBoundedRunner(modules: URL[], opts: { heapMb?: number; deadlineMs?: number } = {}) {
  let runner: BoundedRunner | undefined;
  beforeAll(async () => {
    runner = startBoundedRunner(opts.heapMb ?? 256);
    for (const url of modules) await runner.call(url, undefined, [], 120_000);
  }, 180_000);
  afterAll(() => runner?.close());
  return <T>(moduleUrl: URL, exportName: string, args: unknown[]): Promise<T> => {
    if (!runner) throw new Error('useBoundedRunner: call run() inside a test');
    return runner.call<T>(moduleUrl, exportName, args, opts.deadlineMs ?? 10_000);
  };
}
