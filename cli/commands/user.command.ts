import path from 'node:path';
import { hashPassword, userEntry, type Role } from '../../src/web/users.js';
import { writeUserToFile } from './users-file.js';

export const MIN_NEW_PASSWORD_CHARS = 12;

/** Length and more than one kind of character (lower case, upper case, digits, anything else). */
export function passwordProblem(password: string): string | undefined {
  if ([...password].length < MIN_NEW_PASSWORD_CHARS) return `the password must have at least ${MIN_NEW_PASSWORD_CHARS} characters`;
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u].filter((re) => re.test(password)).length;
  if (classes < 2) return 'the password must mix at least two kinds of character (lower case, upper case, digits, spaces or symbols)';
  return undefined;
}

/**
 * `crier user add <name> --role editor|viewer --password-stdin`. With `web.usersFile` in the config
 * the user is written there (the desk reads it); otherwise only the YAML entry is printed on stdout,
 * nothing else, so `>> users.yaml` works. The password arrives on stdin: never in shell history or `ps`.
 */
export async function runUserAdd(
  args: string[],
  opts: { role?: string; passwordStdin: boolean; usersFile?: string },
  stdin: NodeJS.ReadableStream,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  const [sub, name] = args;
  if (sub !== 'add' || !name || (opts.role !== 'editor' && opts.role !== 'viewer') || !opts.passwordStdin) {
    err('usage: crier user add <name> --role editor|viewer --password-stdin   (password on standard input)');
    return 1;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  const problem = passwordProblem(password);
  if (problem) {
    err(problem);
    return 1;
  }
  const role = opts.role as Role;
  const passwordHash = await hashPassword(password);
  let entry: string;
  try {
    entry = userEntry(name, role, passwordHash);
  } catch (e) {
    err((e as Error).message);
    return 1;
  }
  if (!opts.usersFile) {
    out(entry);
    return 0;
  }
  const file = path.resolve(opts.usersFile);
  const done = writeUserToFile(file, { name, role, passwordHash });
  err(`${done} ${name} (${role}) in ${file}; restart the desk to use it`);
  return 0;
}
