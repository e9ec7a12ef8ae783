import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { ConfigError, formatPath, type Config, type ConfigIssue } from '../../src/config/load-config.js';
import { webUserSchema } from '../../src/config/schema.js';
import { isLoopbackHost } from '../../src/shared/loopback.js';
import { hashPassword, type UserEntry } from '../../src/web/users.js';

/**
 * `web.usersFile`: desk users kept out of the main config (so `crier user add` can write them and the
 * config can stay in version control). A YAML list of `{ name, role, passwordHash }`, like `web.users`.
 */
export function readUsersFile(file: string): UserEntry[] {
  if (!existsSync(file)) return [];
  const doc = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: true });
  if (doc.errors.length > 0) throw new ConfigError(file, doc.errors.map((e) => ({ path: e.linePos ? `line ${e.linePos[0].line}` : '', message: e.message.split('\n')[0] ?? e.message })));
  const raw: unknown = doc.toJS({ maxAliasCount: 10 }) ?? [];
  if (!Array.isArray(raw)) throw new ConfigError(file, [{ path: '', message: 'expected a list of users (- name: …, role: …, passwordHash: …)' }]);
  const issues: ConfigIssue[] = [];
  const users = raw.flatMap((entry: unknown, i) => {
    const parsed = webUserSchema.safeParse(entry);
    if (parsed.success) return [parsed.data];
    for (const issue of parsed.error.issues) issues.push({ path: formatPath([i, ...issue.path]), message: issue.message });
    return [];
  });
  if (issues.length > 0) throw new ConfigError(file, issues);
  return users;
}

/** The config with `web.usersFile`'s users added to `web.users`: the desk and `crier check` see both. */
export function withUsersFile(config: Config): Config {
  const file = config.web.usersFile;
  if (!file) return config;
  const fromFile = readUsersFile(path.resolve(file));
  const inConfig = new Set(config.web.users.map((u) => u.name));
  const clash = fromFile.filter((u) => inConfig.has(u.name)).map((u) => u.name);
  if (clash.length > 0) throw new ConfigError(file, [{ path: '', message: `user(s) ${clash.join(', ')} also in web.users of ${config.configPath}: keep each user in one place` }]);
  return withUsers(config, [...config.web.users, ...fromFile]);
}

/** Adds the user, or replaces the entry of that name (a password change). Written whole, then renamed: never half a file. */
export function writeUserToFile(file: string, user: UserEntry): 'added' | 'replaced' {
  const users = readUsersFile(file);
  const at = users.findIndex((u) => u.name === user.name);
  if (at >= 0) users[at] = user;
  else users.push(user);
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, `# Desk users (crier user add). Password hashes only.\n${stringify(users)}`, { mode: 0o600 });
  renameSync(tmp, file);
  return at >= 0 ? 'replaced' : 'added';
}

/**
 * A newcomer's first run: with no users at all and the desk on loopback only, an editor "demo" with
 * a one-time password, in memory only (never written anywhere), so the desk can be tried at once.
 */
export async function withDemoEditor(config: Config): Promise<{ config: Config; password?: string }> {
  if (config.web.users.length > 0 || !isLoopbackHost(config.web.host)) return { config };
  const password = randomBytes(12).toString('base64url');
  const demo: UserEntry = { name: 'demo', role: 'editor', passwordHash: await hashPassword(password) };
  return { config: withUsers(config, [demo]), password };
}

/** A copy with other users; non-enumerable secrets (web secrets, LLM key) are kept, unlike with a spread. */
function withUsers(config: Config, users: UserEntry[]): Config {
  const copy = Object.create(Object.getPrototypeOf(config) as object, Object.getOwnPropertyDescriptors(config)) as Config;
  copy.web = { ...config.web, users };
  return copy;
}
