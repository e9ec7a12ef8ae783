import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { scrubbingLogger } from '../../src/shared/scrub-log.js';
import { REDACTED, scrubDeep, secretScrubber } from '../../src/shared/scrub-secrets.js';

const DISCORD = 'https://discord.com/api/webhooks/112233445566778899/Zq3_xK9-vLm2Pn8RsT4uWy6AbCdEfGhIjKlMnOpQ';
const DISCORD_TOKEN = 'Zq3_xK9-vLm2Pn8RsT4uWy6AbCdEfGhIjKlMnOpQ';
const SLACK = 'https://hooks.slack.com/services/T0CRIER01/B0CRIER02/Xq7Lm2Pn8RsT4uWy6AbCdEfG';
const BOT_TOKEN = '123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0';

describe('secretScrubber', () => {
  const scrub = secretScrubber([DISCORD, SLACK, BOT_TOKEN]);

  it('replaces a secret as is, URL-encoded (either hex case), double-encoded and JSON-escaped', () => {
    expect(scrub(`POST ${DISCORD} failed`)).toBe(`POST ${REDACTED} failed`);
    expect(scrub(`ref=${encodeURIComponent(SLACK)}`)).toBe(`ref=${REDACTED}`);
    expect(scrub(`ref=${encodeURIComponent(SLACK).toLowerCase()}`)).toBe(`ref=${REDACTED}`);
    expect(scrub(`ref=${encodeURIComponent(encodeURIComponent(DISCORD))}`)).toBe(`ref=${REDACTED}`);
    expect(scrub(JSON.stringify({ url: DISCORD.replaceAll('/', '\\/') }))).not.toContain(DISCORD_TOKEN);
    expect(scrub(`https://api.telegram.org/bot${BOT_TOKEN}/sendMessage`)).toBe(`https://api.telegram.org/bot${REDACTED}/sendMessage`);
    expect(scrub(`bot${encodeURIComponent(BOT_TOKEN)}`)).toBe(`bot${REDACTED}`);
  });

  it('for a webhook URL, also its token path segment wherever it turns up (another origin, a proxy path)', () => {
    expect(scrub(`http://127.0.0.1:4321/api/webhooks/112233445566778899/${DISCORD_TOKEN}?wait=true`)).not.toContain(DISCORD_TOKEN);
    expect(scrub(`token ${DISCORD_TOKEN} refused`)).toBe(`token ${REDACTED} refused`);
    expect(scrub('secret Xq7Lm2Pn8RsT4uWy6AbCdEfG here')).toBe(`secret ${REDACTED} here`);
    expect(scrub('hooks.slack.com/services/T0CRIER01/B0CRIER02/Xq7Lm2Pn8RsT4uWy6AbCdEfG')).not.toContain('Xq7Lm2');
  });

  it('leaves other text, short values and an empty secret list alone', () => {
    expect(scrub('discord: server error 502 (Bad Gateway)')).toBe('discord: server error 502 (Bad Gateway)');
    expect(secretScrubber(['abc', '', undefined])('abc def')).toBe('abc def');
    expect(secretScrubber([])('anything')).toBe('anything');
  });

  it('treats regex characters in a secret literally', () => {
    expect(secretScrubber(['a.b*c+d?e(f)'])('xa.b*c+d?e(f)y aXbbbcde')).toBe(`x${REDACTED}y aXbbbcde`);
  });

  it('scrubDeep cleans every string in a nested value and keeps its shape', () => {
    expect(scrubDeep({ a: [`x ${BOT_TOKEN}`, 3], b: { c: BOT_TOKEN, d: null } }, scrub)).toEqual({ a: [`x ${REDACTED}`, 3], b: { c: REDACTED, d: null } });
  });
});

describe('scrubbingLogger', () => {
  it('scrubs messages, fields and error objects (message, stack, cause), in children too', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) });
    const log = scrubbingLogger(pino({ level: 'debug' }, sink), { channel: 'discord' }, secretScrubber([DISCORD]));
    const err = new Error(`POST ${DISCORD} failed`, { cause: new Error(`cause quotes ${DISCORD_TOKEN}`) });
    log.warn({ err, reason: `echo ${DISCORD}` }, `publish failed at ${DISCORD}`);
    log.child({ postId: 'p1' }).error({ detail: DISCORD_TOKEN }, `child ${DISCORD_TOKEN}`);
    const out = lines.join('');
    expect(lines).toHaveLength(2);
    expect(out).not.toContain(DISCORD_TOKEN);
    expect(out).toContain(REDACTED);
    const first = JSON.parse(lines[0] ?? '{}') as { err: { message: string; stack: string }; msg: string; channel: string };
    expect(first.err.message).toBe(`POST ${REDACTED} failed: cause quotes ${REDACTED}`);
    expect(first.err.stack).toContain(REDACTED);
    expect(first.msg).toBe(`publish failed at ${REDACTED}`);
    expect(first.channel).toBe('discord');
    expect(JSON.parse(lines[1] ?? '{}')).toMatchObject({ postId: 'p1', channel: 'discord', detail: REDACTED, msg: `child ${REDACTED}` });
  });
});
