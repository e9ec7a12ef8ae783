// The worker side of bounded-run.ts: runs exported functions of TypeScript modules, one call at a
// time, and answers each with its value or its error. Plain JS so the worker needs no loader flag.
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const modules = new Map(); // tsImport loads afresh on every call: keep each module once

parentPort.on('message', async ({ id, moduleUrl, exportName, args }) => {
  try {
    if (!modules.has(moduleUrl)) modules.set(moduleUrl, await tsImport(moduleUrl, import.meta.url));
    const mod = modules.get(moduleUrl);
    const value = exportName === undefined ? undefined : await mod[exportName](...args); // no export: load only
    parentPort.postMessage({ id, ok: true, value });
  } catch (err) {
    parentPort.postMessage({ id, ok: false, name: err?.name ?? 'Error', message: String(err?.message ?? err) });
  }
});
