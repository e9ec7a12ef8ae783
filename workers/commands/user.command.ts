import { hashPassword, MIN_PASSWORD_CHARS, userEntry, type Role } from '../../src/web/users.js';

/**
 * `crier user add <name> --role editor|viewer --password-stdin`: prints the config entry to paste
 * under `web.users`. The password arrives on stdin so it never lands in shell history or `ps`.
 */
export async function runUserAdd(args: string[], opts: { role?: string; passwordStdin: boolean }, stdin: NodeJS.ReadableStream, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const [sub, name] = args;
  if (sub !== 'add' || !name || (opts.role !== 'editor' && opts.role !== 'viewer') || !opts.passwordStdin) {
    err('usage: crier user add <name> --role editor|viewer --password-stdin   (password on standard input)');
    return 1;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (password.length < MIN_PASSWORD_CHARS) {
    err(`the password must have at least ${MIN_PASSWORD_CHARS} characters`);
    return 1;
  }
  out(userEntry(name, opts.role as Role, await hashPassword(password)));
  return 0;
}
