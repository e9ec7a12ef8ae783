import { describe, expect, it } from 'vitest';
import { checkSignature, SIGNATURE_METHODS, signBody } from '../../src/websub/websub-signature.js';

const SECRET = 'subscription-secret';
const BODY = Buffer.from('<rss><channel><title>t</title></channel></rss>');

describe('X-Hub-Signature', () => {
  it.each(SIGNATURE_METHODS)('accepts a correct %s signature over the raw body', (method) => {
    expect(checkSignature(signBody(method, SECRET, BODY), SECRET, BODY)).toEqual({ ok: true, method });
    expect(checkSignature(signBody(method, SECRET, BODY).toUpperCase().replace(/^SHA/, 'sha'), SECRET, BODY)).toEqual({ ok: true, method });
  });

  it('refuses another secret, another body, a missing or malformed header and unknown methods', () => {
    expect(checkSignature(signBody('sha256', 'other', BODY), SECRET, BODY)).toEqual({ ok: false, reason: 'signature does not match' });
    expect(checkSignature(signBody('sha256', SECRET, BODY), SECRET, Buffer.from(`${BODY.toString()} `))).toMatchObject({ ok: false });
    expect(checkSignature(undefined, SECRET, BODY)).toEqual({ ok: false, reason: 'no X-Hub-Signature header' });
    expect(checkSignature('sha256=abc', SECRET, BODY)).toEqual({ ok: false, reason: 'malformed signature' });
    expect(checkSignature(`sha256=${'z'.repeat(64)}`, SECRET, BODY)).toEqual({ ok: false, reason: 'malformed signature' });
    expect(checkSignature(`md5=${'0'.repeat(32)}`, SECRET, BODY)).toMatchObject({ ok: false, reason: expect.stringContaining('unsupported') });
    expect(checkSignature('no-equals-sign', SECRET, BODY)).toMatchObject({ ok: false });
    // A sha1-length digest labelled sha256 is malformed, not compared.
    expect(checkSignature(signBody('sha1', SECRET, BODY).replace('sha1', 'sha256'), SECRET, BODY)).toEqual({ ok: false, reason: 'malformed signature' });
  });

  it('the body signed is the raw bytes: a re-encoded body does not verify', () => {
    const raw = Buffer.from('caf\u00e9', 'latin1');
    expect(checkSignature(signBody('sha1', SECRET, raw), SECRET, Buffer.from('caf\u00e9', 'utf8')).ok).toBe(false);
  });
});
