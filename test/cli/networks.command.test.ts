import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NetworkSpecs } from '../../src/config/network-spec.js';
import { networkSpecs } from '../../src/publishers/network-specs.js';
import { networkRow, networksMarkdown } from '../../cli/commands/networks.command.js';

/** The README's secrets table: the first run of table lines after the "### Secrets" heading. */
function readmeSecretsTable(): string {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('### Secrets'));
  const lines = section.split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rest = lines.slice(first);
  const end = rest.findIndex((l) => !l.startsWith('|'));
  return rest.slice(0, end === -1 ? undefined : end).join('\n');
}

describe('crier networks', () => {
  it("README's secrets table is exactly `crier networks --markdown`", () => {
    expect(readmeSecretsTable()).toBe(networksMarkdown(networkSpecs));
  });

  it('lists every network in the specs, with both of X credential sets', () => {
    const table = networksMarkdown(networkSpecs);
    for (const id of Object.keys(networkSpecs)) expect(table).toContain(`| \`${id}\` |`);
    expect(networkRow(networkSpecs.x ?? expect.unreachable('no x')).credentialSets).toEqual([['X_APP_KEY', 'X_APP_SECRET', 'X_ACCESS_TOKEN', 'X_ACCESS_SECRET'], ['X_OAUTH2_TOKEN']]);
  });

  it('finds required ids whether the credentials schema or an options refinement declares them, and publicBaseUrl', () => {
    const row = (id: string) => networkRow(networkSpecs[id] ?? expect.unreachable(`no ${id}`));
    expect(row('facebook').requiredOptions).toEqual(['pageId']);
    expect(row('telegram').requiredOptions).toEqual(['chatId']);
    expect(row('linkedin').requiredOptions).toEqual(['author']);
    expect(row('instagram').needsPublicBaseUrl).toBe(true);
    expect(row('discord')).toMatchObject({ requiredOptions: [], needsPublicBaseUrl: false });
  });

  it('a new spec shows up in the table without any change here (a network declares it, the table follows)', () => {
    const base = networkSpecs.mastodon ?? expect.unreachable('no mastodon');
    const specs: NetworkSpecs = { ...networkSpecs, pinterest: { ...base, id: 'pinterest', envPrefix: 'PINTEREST', credentialSets: [['ACCESS_TOKEN']], liveAdapter: false } };
    expect(networksMarkdown(specs)).toContain('| `pinterest` | `PINTEREST_ACCESS_TOKEN` | — (dry-run only) |');
    expect(networksMarkdown(specs)).not.toBe(readmeSecretsTable());
  });
});
