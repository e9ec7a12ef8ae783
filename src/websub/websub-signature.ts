import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `X-Hub-Signature: <method>=<hex>` (W3C WebSub §8): an HMAC of the raw request body with the
 * subscription's secret. sha1 is still what Google's and Superfeedr's hubs send, so it is accepted
 * beside sha256/384/512. The comparison is constant-time over equal-length digests.
 */
export const SIGNATURE_METHODS = ['sha1', 'sha256', 'sha384', 'sha512'] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

const HEX_CHARS: Record<SignatureMethod, number> = { sha1: 40, sha256: 64, sha384: 96, sha512: 128 };

export type SignatureCheck = { ok: true; method: SignatureMethod } | { ok: false; reason: string };

export function signBody(method: SignatureMethod, secret: string, body: Buffer | string): string {
  return `${method}=${createHmac(method, secret).update(body).digest('hex')}`;
}

export function checkSignature(header: string | string[] | undefined, secret: string, body: Buffer): SignatureCheck {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return { ok: false, reason: 'no X-Hub-Signature header' };
  const eq = value.indexOf('=');
  const method = value.slice(0, eq).trim().toLowerCase() as SignatureMethod;
  if (eq === -1 || !SIGNATURE_METHODS.includes(method)) return { ok: false, reason: `unsupported signature method "${value.slice(0, Math.max(eq, 0)).slice(0, 16)}"` };
  const given = value.slice(eq + 1).trim().toLowerCase();
  if (given.length !== HEX_CHARS[method] || !/^[0-9a-f]+$/.test(given)) return { ok: false, reason: 'malformed signature' };
  const expected = createHmac(method, secret).update(body).digest();
  if (!timingSafeEqual(Buffer.from(given, 'hex'), expected)) return { ok: false, reason: 'signature does not match' };
  return { ok: true, method };
}
