import { NETWORK_IDS } from './network-ids.js';

/** `google-business` → `googleBusiness`: the export names a network folder must use. */
export function exportBaseName(id: string): string {
  return id.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

type ModuleKind = 'options' | 'network';
const EXPORT_SUFFIX: Record<ModuleKind, string> = { options: 'Spec', network: 'Network' };

/**
 * Imports `<id>/<id>-<kind>.js` for every id in `network-ids.ts` and returns its `<id><Suffix>`
 * export, keyed by id. Modules load in parallel, in list order; a folder that breaks the naming
 * rule fails here, at start-up, with the file and the export it expected.
 */
export async function loadNetworkExports<T extends { readonly id: string }>(
  kind: ModuleKind,
  isExpected: (value: unknown) => value is T,
  ids: readonly string[] = NETWORK_IDS,
): Promise<Readonly<Record<string, T>>> {
  const entries = await Promise.all(
    ids.map(async (id) => {
      const file = `./${id}/${id}-${kind}.js`;
      const name = `${exportBaseName(id)}${EXPORT_SUFFIX[kind]}`;
      const mod = (await import(file).catch((err: unknown) => {
        throw new Error(`network "${id}" (network-ids.ts): cannot load src/publishers/${id}/${id}-${kind}.ts: ${err instanceof Error ? err.message : String(err)}`);
      })) as Record<string, unknown>;
      const value = mod[name];
      if (!isExpected(value)) throw new Error(`src/publishers/${id}/${id}-${kind}.ts must export ${name} (a ${kind === 'options' ? 'NetworkSpec' : 'NetworkDefinition'})`);
      if (value.id !== id) throw new Error(`${name}.id is "${value.id}", expected "${id}" (the folder's name)`);
      return [id, value] as const;
    }),
  );
  return Object.freeze(Object.fromEntries(entries));
}
