import { readFileSync } from 'node:fs';

/**
 * Secrets come only from the environment: `<PREFIX>_<NAME>` or a file named by `<PREFIX>_<NAME>_FILE`
 * (Docker/Kubernetes secrets). Never from config files, never logged.
 */
export function readSecret(env: NodeJS.ProcessEnv, name: string): { value?: string; problem?: string } {
  const direct = env[name];
  if (direct !== undefined && direct !== '') return { value: direct };
  const file = env[`${name}_FILE`];
  if (file === undefined || file === '') return {};
  try {
    const value = readFileSync(file, 'utf8').trim();
    return value === '' ? { problem: `${name}_FILE (${file}) is empty` } : { value };
  } catch (err) {
    return { problem: `${name}_FILE (${file}) cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  }
}

/** Reads the first complete credential set; reports what is missing otherwise. */
export function readCredentialSet(
  env: NodeJS.ProcessEnv,
  prefix: string,
  sets: readonly (readonly string[])[],
): { secrets?: Record<string, string>; problems: string[] } {
  const problems: string[] = [];
  for (const set of sets) {
    const secrets: Record<string, string> = {};
    let complete = true;
    for (const suffix of set) {
      const { value, problem } = readSecret(env, `${prefix}_${suffix}`);
      if (problem) problems.push(problem);
      if (value === undefined) complete = false;
      else secrets[suffix] = value;
    }
    if (complete) return { secrets, problems: [] };
  }
  const options = sets.map((s) => s.map((x) => `${prefix}_${x}`).join(' + ')).join(' or ');
  problems.push(`live mode needs ${options} in the environment`);
  return { problems };
}
