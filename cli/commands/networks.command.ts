import { z } from 'zod';
import type { NetworkSpec, NetworkSpecs } from '../../src/config/network-spec.js';

/**
 * `crier networks`: what each network needs to post, read from its light spec (credentials
 * schema and credential sets, no publisher loaded). `--markdown` prints the README's secrets
 * table; a test holds the README to this output, so the two cannot drift.
 */

export interface NetworkRow {
  network: string;
  /** Each acceptable credential set, as env variables with the default prefix. */
  credentialSets: string[][];
  /** Channel options a live channel cannot do without (`networks.<channel>.<key>`). */
  requiredOptions: string[];
  /** The live channel needs `publicBaseUrl` (the network fetches media from Crier). */
  needsPublicBaseUrl: boolean;
  /** False: dry-run only, no live adapter yet. */
  live: boolean;
}

function shapeOf(schema: unknown): Record<string, z.ZodType> {
  return schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : {};
}

/**
 * Options a live channel must set: those the credentials schema requires, and those the options
 * schema refuses to go without in live mode (found by parsing a bare live channel, so a rule
 * written as a refinement is listed too).
 */
function requiredInLive(spec: NetworkSpec, credentialShape: Record<string, z.ZodType>): string[] {
  const keys = new Set(Object.keys(shapeOf(credentialShape.options)));
  const probe = spec.optionsSchema.safeParse({ mode: 'live', enabled: true });
  for (const issue of probe.success ? [] : probe.error.issues) {
    const key = issue.path[0];
    if (typeof key === 'string') keys.add(key);
  }
  return [...keys];
}

export function networkRow(spec: NetworkSpec): NetworkRow {
  const shape = shapeOf(spec.credentialsSchema);
  const publicBaseUrl = shape.publicBaseUrl;
  return {
    network: spec.id,
    credentialSets: spec.credentialSets.map((set) => set.map((suffix) => `${spec.envPrefix}_${suffix}`)),
    requiredOptions: requiredInLive(spec, shape),
    needsPublicBaseUrl: publicBaseUrl !== undefined && !publicBaseUrl.safeParse(undefined).success,
    live: spec.liveAdapter,
  };
}

export function networkRows(specs: NetworkSpecs): NetworkRow[] {
  return Object.values(specs).map(networkRow);
}

const code = (s: string) => `\`${s}\``;

function variables(row: NetworkRow): string {
  return row.credentialSets.map((set) => set.map(code).join(', ')).join(' — or ');
}

function required(row: NetworkRow): string {
  const keys = [...row.requiredOptions.map(code), ...(row.needsPublicBaseUrl ? ['`publicBaseUrl` (top level)'] : [])];
  return keys.length ? keys.join(', ') : '—';
}

/** The README's secrets table, one row per network, in the registry's order. */
export function networksMarkdown(specs: NetworkSpecs): string {
  const rows = networkRows(specs).map((r) => `| \`${r.network}\` | ${variables(r)} | ${required(r)}${r.live ? '' : ' (dry-run only)'} |`);
  return ['| network | variables (default prefix) | required in live mode |', '| --- | --- | --- |', ...rows].join('\n');
}

export function runNetworks(specs: NetworkSpecs, opts: { markdown: boolean; json: boolean }, out: (s: string) => void): number {
  if (opts.markdown) out(networksMarkdown(specs));
  else if (opts.json) out(JSON.stringify(networkRows(specs), null, 2));
  else {
    for (const r of networkRows(specs)) {
      out(`${r.network.padEnd(10)} ${r.credentialSets.map((s) => s.join(' ')).join('  or  ')}`);
      const req = [...r.requiredOptions.map((o) => `networks.<channel>.${o}`), ...(r.needsPublicBaseUrl ? ['publicBaseUrl'] : [])];
      if (req.length) out(`${''.padEnd(10)} live needs: ${req.join(', ')}`);
      if (!r.live) out(`${''.padEnd(10)} dry-run only (no live adapter yet)`);
    }
  }
  return 0;
}
