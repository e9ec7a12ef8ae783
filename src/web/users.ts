import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Desk users live in the config file as `{ name, role, passwordHash }`; hashes are scrypt
 * (node:crypto, no native dependency) in a self-describing string so the cost can be raised later
 * without invalidating existing entries: `scrypt$<N>$<r>$<p>$<salt b64url>$<hash b64url>`.
 */
export type Role = 'editor' | 'viewer';

export interface UserEntry {
  name: string;
  role: Role;
  passwordHash: string;
}

const COST_N = 16_384;
const BLOCK_R = 8;
const PARALLEL_P = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
export const MIN_PASSWORD_CHARS = 10;
export const PASSWORD_HASH_PATTERN = /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/;

function scrypt(password: string, salt: Buffer, keyLen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, keyLen, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_CHARS) throw new Error(`a password needs at least ${MIN_PASSWORD_CHARS} characters`);
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, KEY_BYTES, { N: COST_N, r: BLOCK_R, p: PARALLEL_P });
  return ['scrypt', COST_N, BLOCK_R, PARALLEL_P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (!N || !r || !p || expected.length === 0) return false;
  // maxmem must allow the stored cost: 128 * N * r bytes, plus headroom.
  const key = await scrypt(password, salt, expected.length, { N, r, p, maxmem: 256 * N * r });
  return timingSafeEqual(key, expected);
}

/** A dummy hash to verify against for unknown names, so a wrong name costs as long as a wrong password. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummyHash;
}

/** The YAML lines `crier user add` prints for the operator to paste under `web.users:`. */
export function userEntry(name: string, role: Role, hash: string): string {
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name)) throw new Error('a user name is 1-64 letters, digits, ".", "_", "@" or "-"');
  return [`  - name: ${name}`, `    role: ${role}`, `    passwordHash: "${hash}"`].join('\n');
}
