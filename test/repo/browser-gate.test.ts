/** The browser-suite gate vitest.config.ts applies (issue #11): decided from the environment alone. */
import { describe, expect, it } from 'vitest';
import { browserGate, chromiumPath } from '../helpers/browser-gate.js';

const only = (file: string) => (candidate: string) => candidate === file;

describe('the browser gate', () => {
  it("looks for Debian's chromium unless CHROMIUM_PATH names another binary", () => {
    expect(chromiumPath({})).toBe('/usr/bin/chromium');
    expect(chromiumPath({ CHROMIUM_PATH: '/opt/chrome/chrome' })).toBe('/opt/chrome/chrome');
  });

  it('runs the browser suite, silently, when Chromium is there', () => {
    expect(browserGate({}, only('/usr/bin/chromium'))).toEqual({ available: true, exclude: false, fails: false });
    expect(browserGate({ CI: 'true', CHROMIUM_PATH: '/opt/c' }, only('/opt/c'))).toEqual({ available: true, exclude: false, fails: false });
  });

  it('without Chromium leaves the suite out and says how to enable it', () => {
    const gate = browserGate({}, () => false);
    expect(gate).toMatchObject({ available: false, exclude: true, fails: false });
    expect(gate.notice).toMatch(/^BROWSER SUITE NOT RUN: no Chromium at \/usr\/bin\/chromium and CHROMIUM_PATH is not set/);
    expect(gate.notice).toMatch(/install Debian's chromium .* or set CHROMIUM_PATH/);
    expect(browserGate({ CHROMIUM_PATH: '/nonexistent' }, () => false).notice).toContain('CHROMIUM_PATH=/nonexistent does not exist');
  });

  it('under CI a missing Chromium fails the run and keeps the suite in', () => {
    for (const CI of ['true', '1', 'yes']) {
      const gate = browserGate({ CI }, () => false);
      expect(gate).toMatchObject({ available: false, exclude: false, fails: true });
      expect(gate.notice).toMatch(/^BROWSER SUITE FAILED: CI=true/);
    }
    for (const CI of ['', '0', 'false']) expect(browserGate({ CI }, () => false).fails).toBe(false);
  });
});
