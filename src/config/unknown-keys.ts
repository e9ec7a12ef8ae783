import type { z } from 'zod';
import { formatPath, type ConfigIssue } from './config-error.js';
import { unknownKeyMessage } from './did-you-mean.js';

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
}

const defOf = (schema: z.ZodType): SchemaDef => schema._zod.def as unknown as SchemaDef;

/** Unwraps optional/default/pipe… down to the schema that holds keys or items. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let depth = 0; depth < 16; depth++) {
    const def = defOf(current);
    const next = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!next) return current;
    current = next;
  }
  return current;
}

/** The object schema at `path` (array indexes, record values and unions followed), for its key names. */
export function objectKeysAt(root: z.ZodType, path: readonly PropertyKey[]): string[] {
  let candidates = [unwrap(root)];
  for (const segment of path) {
    candidates = candidates.flatMap((schema) => {
      const def = defOf(schema);
      if (def.type === 'union') return (def.options ?? []).map(unwrap);
      return [schema];
    });
    candidates = candidates.flatMap((schema) => {
      const def = defOf(schema);
      const next = typeof segment === 'number' ? def.element : def.type === 'record' ? def.valueType : def.shape?.[String(segment)];
      return next ? [unwrap(next)] : [];
    });
  }
  return [...new Set(candidates.flatMap((schema) => {
    const def = defOf(schema);
    if (def.type === 'union') return (def.options ?? []).flatMap((o) => Object.keys(defOf(unwrap(o)).shape ?? {}));
    return Object.keys(def.shape ?? {});
  }))];
}

/** One config issue per zod issue, and one per unknown key with a "did you mean" for near misses. */
export function describeSchemaIssue(root: z.ZodType, issue: z.core.$ZodIssue): ConfigIssue[] {
  if (issue.code !== 'unrecognized_keys') return [{ path: formatPath(issue.path), message: issue.message }];
  const known = objectKeysAt(root, issue.path);
  return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: unknownKeyMessage(key, known) }));
}
