import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { stackedBars } from '../../src/web/charts.js';
import { zonedDayStartMs } from '../../src/web/desk-data.js';
import { escapeHtml, html, safeUrl } from '../../src/web/html.js';
import { safeBack } from '../../src/web/security.js';
import { createHashLimiter } from '../../src/web/hash-limiter.js';
import { clientId } from '../../src/web/login-throttle.js';
import { hashPassword, userEntry, verifyPassword } from '../../src/web/users.js';

describe('html', () => {
  it('escapes interpolations, keeps nested html, drops null/false', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"x" & \'y\''}">${inner}${null}${false}${['<a>', 1]}</p>`.value).toBe('<p title="&quot;x&quot; &amp; &#39;y&#39;"><b>&lt;i&gt;</b>&lt;a&gt;1</p>');
    expect(escapeHtml('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('only lets http(s) URLs through', () => {
    expect(safeUrl('https://x.com/a')).toBe('https://x.com/a');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('file:///etc/passwd')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
  });

  it('escapes series names inside SVG charts', () => {
    const svg = stackedBars(['00:00'], [{ name: '<script>', values: [3] }], { title: 'T' }).value;
    expect(svg).toContain('&lt;script&gt;: 3');
    expect(svg).not.toContain('<script>');
  });
});

describe('users', () => {
  it('hashes with scrypt, verifies, and prints an entry the config accepts', async () => {
    const hash = await hashPassword('a long enough password');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('a long enough password', hash)).toBe(true);
    expect(await verifyPassword('a long enough passworD', hash)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
    expect(await hashPassword('a long enough password')).not.toBe(hash);
    await expect(hashPassword('short')).rejects.toThrow(/at least 10/);
    const entry = userEntry('desk.editor', 'editor', hash);
    const { parseDocument } = await import('yaml');
    const users = parseDocument(`users:\n${entry}\n`).toJS().users;
    const config = parseConfig({ feeds: [{ id: 'f', url: 'f.xml' }], web: { users } });
    expect(config.web.users).toEqual([{ name: 'desk.editor', role: 'editor', passwordHash: hash }]);
    expect(() => userEntry('bad name', 'viewer', hash)).toThrow();
  });

  it('refuses a session secret in the config file', () => {
    expect(() => parseConfig({ feeds: [{ id: 'f', url: 'f.xml' }], web: { sessionSecret: 'x' } })).toThrow(/CRIER_SESSION_SECRET/);
  });
});

describe('small security helpers', () => {
  it('keeps redirects on this site', () => {
    expect(safeBack('/articles/abc#post-x')).toBe('/articles/abc#post-x');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', undefined, 42]) expect(safeBack(bad)).toBe('/');
    for (const bad of ['/\t/evil.example', '/\n/evil.example', '/%09/evil.example', '/%2F/evil.example', '/ /x', '/\u2028/x', '/\u0000']) expect(safeBack(bad), JSON.stringify(bad)).toBe('/');
    expect(safeBack('/caf\u00e9?q=\u65e5')).toBe('/caf%C3%A9?q=%E6%97%A5');
    expect(safeBack('/a/../b?q=100%')).toBe('/b?q=100%');
  });

  it('throttles an IPv4 client by address and an IPv6 client by its /64', () => {
    expect(clientId('203.0.113.7')).toBe('203.0.113.7');
    expect(clientId('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientId('2001:db8:1:2:aaaa::1')).toBe(clientId('2001:db8:1:2:bbbb::9'));
    expect(clientId('2001:db8:1:2::1')).not.toBe(clientId('2001:db8:1:3::1'));
    expect(clientId(undefined)).toBe('unknown');
    expect(clientId('not an address')).toBe('unknown');
  });
});

describe('hash limiter', () => {
  it('runs at most N at once, lets clean clients go first and turns failing ones away when full', async () => {
    const limiter = createHashLimiter({ concurrency: 1, maxQueued: 2 });
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const job = (name: string, wait?: Promise<void>) => async () => {
      order.push(name);
      await wait;
      return name;
    };
    const first = limiter.run(job('first', gate), false);
    const failingA = limiter.run(job('failing-a'), false);
    const failingB = limiter.run(job('failing-b'), false);
    const failingC = limiter.run(job('failing-c'), false);
    const clean = limiter.run(job('clean'), true);
    expect(await failingC).toBeUndefined();
    // The clean client took the newest failing client's place in the full queue.
    expect(await failingB).toBeUndefined();
    release();
    expect(await Promise.all([first, clean, failingA])).toEqual(['first', 'clean', 'failing-a']);
    expect(order).toEqual(['first', 'clean', 'failing-a']);
  });
});

describe('dates', () => {
  it('finds local midnight in the publication time zone', () => {
    expect(new Date(zonedDayStartMs('2026-07-01', 'UTC')).toISOString()).toBe('2026-07-01T00:00:00.000Z');
    expect(new Date(zonedDayStartMs('2026-07-01', 'Europe/London')).toISOString()).toBe('2026-06-30T23:00:00.000Z');
    expect(new Date(zonedDayStartMs('2026-01-15', 'Asia/Karachi')).toISOString()).toBe('2026-01-14T19:00:00.000Z');
  });
});
