/**
 * Real Redis topologies started by a test, never the shared server: single redis-servers, a master
 * with a replica and three sentinels, a three-master Cluster. Free ports, a temp dir, everything
 * killed by `stopAll()` (call it in afterAll/afterEach). Readiness is waited for by asking Redis
 * (PING, INFO replication, SENTINEL …, CLUSTER INFO) in bounded retry loops, never by sleeping.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { HostPort } from '../../src/shared/redis-target.js';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** Polls `check` (errors count as "not yet") until it is true; bounded, so a broken setup fails with `what`. */
export async function waitForCondition(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000, everyMs = 50): Promise<number> {
  const started = Date.now();
  let last: unknown;
  while (Date.now() - started < timeoutMs) {
    try {
      if (await check()) return Date.now() - started;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs)); // the interval between checks, not a wait for an outcome
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

/** One command on a short-lived connection that gives up at once (for readiness probes). */
export async function ask<T>(port: number, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, connectTimeout: 1_000 });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return await fn(r);
  } finally {
    r.disconnect();
  }
}

export interface RedisProc {
  port: number;
  url: string;
  node: HostPort;
  /** SIGKILL (default) or SIGTERM; resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  readonly alive: boolean;
}

export interface RedisProcs {
  dir: string;
  /** A redis-server (or `redis-server <conf> --sentinel` when `sentinel`) on a free port, answering PING. */
  server(args?: string[], opts?: { sentinel?: boolean; name?: string; port?: number }): Promise<RedisProc>;
  stopAll(): Promise<void>;
}

export async function redisProcs(label = 'redis'): Promise<RedisProcs> {
  const dir = await mkdtemp(path.join(tmpdir(), `crier-${label}-`));
  const procs: ChildProcess[] = [];
  const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
  const kill = async (c: ChildProcess, signal: NodeJS.Signals) => {
    if (exited(c)) return;
    await new Promise((r) => {
      c.once('exit', r);
      c.kill(signal);
    });
  };
  return {
    dir,
    async server(args = [], opts = {}) {
      // A given port: a server restarted in place (e.g. empty, after a kill).
      const port = opts.port ?? (await freePort());
      const name = opts.name ?? `${opts.sentinel ? 'sentinel' : 'redis'}-${port}`;
      // `{port}` in an argument becomes the port (files of nodes sharing the temp dir must differ).
      const own = args.map((a) => a.replaceAll('{port}', String(port)));
      let argv = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--dbfilename', `${name}.rdb`, ...own];
      if (opts.sentinel) {
        // Sentinel rewrites its config file: one writable file per sentinel, holding what args say.
        const conf = path.join(dir, `${name}.conf`);
        await writeFile(conf, `port ${port}\nbind 127.0.0.1\ndir ${dir}\n${own.join('\n')}\n`);
        argv = [conf, '--sentinel'];
      }
      const child = spawn('redis-server', argv, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2_000)));
      procs.push(child);
      await waitForCondition(`${name} answering PING${stderr ? ` (${stderr})` : ''}`, async () => !exited(child) && (await ask(port, (r) => r.ping())) === 'PONG', 15_000);
      return {
        port,
        url: `redis://127.0.0.1:${port}`,
        node: { host: '127.0.0.1', port },
        kill: (signal = 'SIGKILL') => kill(child, signal),
        get alive() {
          return !exited(child);
        },
      };
    },
    async stopAll() {
      await Promise.all(procs.map((c) => kill(c, 'SIGKILL')));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface SentinelSetup {
  name: string;
  master: RedisProc;
  replica: RedisProc;
  sentinels: RedisProc[];
  /** `redis.sentinels` config entries. */
  addresses: string[];
  /** The port the sentinels currently name as master. */
  masterPort(): Promise<number>;
}

/**
 * A master, one replica and three sentinels (quorum 2, down-after 1 s): the smallest Sentinel setup
 * that fails over by itself. Ready once the replica's link is up and every sentinel knows the
 * master, the replica and the two other sentinels (without which no failover can be authorised).
 */
export async function startSentinelSetup(procs: RedisProcs, opts: { downAfterMs?: number; masterArgs?: string[] } = {}): Promise<SentinelSetup> {
  const name = 'crier-master';
  const master = await procs.server(opts.masterArgs ?? []);
  const replica = await procs.server(['--replicaof', '127.0.0.1', String(master.port)]);
  await waitForCondition('replica linked to its master', async () => /master_link_status:up/.test(await ask(replica.port, (r) => r.info('replication'))));
  const conf = [
    `sentinel monitor ${name} 127.0.0.1 ${master.port} 2`,
    `sentinel down-after-milliseconds ${name} ${opts.downAfterMs ?? 1_000}`,
    `sentinel failover-timeout ${name} 10000`,
    `sentinel parallel-syncs ${name} 1`,
  ];
  // One after another: two free-port probes in flight at once could be handed the same port.
  const sentinels: RedisProc[] = [];
  for (let i = 0; i < 3; i++) sentinels.push(await procs.server(conf, { sentinel: true }));
  for (const s of sentinels) {
    await waitForCondition(`sentinel ${s.port} knows the master, the replica and its two peers`, async () =>
      ask(s.port, async (r) => {
        const addr = (await r.call('SENTINEL', 'get-master-addr-by-name', name)) as string[] | null;
        const replicas = (await r.call('SENTINEL', 'replicas', name)) as unknown[];
        const peers = (await r.call('SENTINEL', 'sentinels', name)) as unknown[];
        return addr?.[1] === String(master.port) && replicas.length === 1 && peers.length === 2;
      }),
    );
  }
  return {
    name,
    master,
    replica,
    sentinels,
    addresses: sentinels.map((s) => `127.0.0.1:${s.port}`),
    async masterPort() {
      for (const s of sentinels.filter((x) => x.alive)) {
        const addr = await ask(s.port, (r) => r.call('SENTINEL', 'get-master-addr-by-name', name)).catch(() => null);
        if (Array.isArray(addr)) return Number(addr[1]);
      }
      throw new Error('no sentinel answers');
    },
  };
}

export interface ClusterSetup {
  /** The masters at start (replicas, if any, are in `nodes` only). */
  masters: RedisProc[];
  nodes: RedisProc[];
  /** `redis.cluster` config entries (every node). */
  addresses: string[];
  /** The port of the master serving `slot` now, as a live node sees it. */
  masterOf(slot: number): Promise<number>;
  /** Every key matching `pattern` on every current master, by port: SCAN on a Cluster sees one node only. */
  keysByMaster(pattern: string): Promise<Map<number, string[]>>;
}

const role = async (port: number) => String(((await ask(port, (r) => r.call('ROLE'))) as unknown[])[0]);

/**
 * Three masters, each with `replicas` replicas (default none), all 16384 slots assigned by
 * `redis-cli --cluster create`; ready once every node says cluster_state:ok and every replica's
 * link to its master is up.
 */
export async function startCluster(procs: RedisProcs, opts: { replicas?: number } = {}): Promise<ClusterSetup> {
  const replicas = opts.replicas ?? 0;
  const nodes: RedisProc[] = [];
  for (let i = 0; i < 3 * (1 + replicas); i++) nodes.push(await procs.server(['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes-{port}.conf', '--cluster-node-timeout', '2000']));
  const created = spawnSync('redis-cli', ['--cluster', 'create', ...nodes.map((m) => `127.0.0.1:${m.port}`), '--cluster-replicas', String(replicas), '--cluster-yes'], { encoding: 'utf8', timeout: 60_000 });
  if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout} ${created.stderr}`);
  for (const m of nodes) {
    await waitForCondition(`node ${m.port} sees the cluster ok`, async () => /cluster_state:ok/.test(String(await ask(m.port, (r) => r.call('CLUSTER', 'INFO')))));
    await waitForCondition(`node ${m.port} a master, or a replica linked to one`, async () => (await role(m.port)) === 'master' || /master_link_status:up/.test(await ask(m.port, (r) => r.info('replication'))));
  }
  const masters: RedisProc[] = [];
  for (const n of nodes) if ((await role(n.port)) === 'master') masters.push(n);
  const currentMasters = async () => {
    const live: RedisProc[] = [];
    for (const n of nodes.filter((x) => x.alive)) if ((await role(n.port).catch(() => '')) === 'master') live.push(n);
    return live;
  };
  return {
    masters,
    nodes,
    addresses: nodes.map((m) => `127.0.0.1:${m.port}`),
    async masterOf(slot) {
      for (const n of nodes.filter((x) => x.alive)) {
        const ranges = (await ask(n.port, (r) => r.call('CLUSTER', 'SLOTS')).catch(() => [])) as [number, number, [string, number]][];
        const range = ranges.find(([from, to]) => slot >= from && slot <= to);
        if (range) return Number(range[2][1]);
      }
      throw new Error('no live node answers CLUSTER SLOTS');
    },
    async keysByMaster(pattern) {
      const out = new Map<number, string[]>();
      for (const m of await currentMasters()) {
        const keys = await ask(m.port, async (r) => {
          const found = new Set<string>();
          let cursor = '0';
          do {
            const [next, batch] = await r.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
            cursor = next;
            for (const k of batch) found.add(k);
          } while (cursor !== '0');
          return [...found];
        });
        out.set(m.port, keys);
      }
      return out;
    },
  };
}
