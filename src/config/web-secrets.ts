import type { ConfigIssue } from './config-error.js';
import { readSecret } from './secrets.js';

/** Keep in step with the desk's own guard (src/web/server.ts): an HMAC key shorter than this is guessable. */
export const MIN_SESSION_SECRET_CHARS = 32;

/** The desk's secrets, read like every other secret (`NAME` or `NAME_FILE`), never from the config file. */
export interface WebSecrets {
  sessionSecret?: string;
  metricsToken?: string;
  hookToken?: string;
}

const VARIABLES = { sessionSecret: 'CRIER_SESSION_SECRET', metricsToken: 'METRICS_TOKEN', hookToken: 'CRIER_HOOK_TOKEN' } as const;

/** Reads and validates the web secrets; problems name the variable, never the value. */
export function readWebSecrets(env: NodeJS.ProcessEnv, issues: ConfigIssue[]): WebSecrets {
  const secrets: WebSecrets = {};
  for (const [field, name] of Object.entries(VARIABLES) as [keyof WebSecrets, string][]) {
    const { value, problem } = readSecret(env, name);
    if (problem) issues.push({ path: 'web', message: problem });
    if (value === undefined) continue;
    if (/\s/.test(value)) issues.push({ path: 'web', message: `${name} contains whitespace` });
    else if (field === 'sessionSecret' && value.length < MIN_SESSION_SECRET_CHARS) {
      issues.push({ path: 'web', message: `${name} must be at least ${MIN_SESSION_SECRET_CHARS} characters` });
    } else secrets[field] = value;
  }
  return secrets;
}
