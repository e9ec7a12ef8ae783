import { describe, expect, it } from 'vitest';
import { rootElementName } from '../../src/feeds/xml-feed.js';
import { useBoundedRunner } from '../helpers/bounded-run.js';

const XML_FEED = new URL('../../src/feeds/xml-feed.ts', import.meta.url);
const run = useBoundedRunner([XML_FEED]);

describe('rootElementName', () => {
  it('skips the prolog, a DOCTYPE with an internal subset and comments', () => {
    expect(rootElementName('<?xml version="1.0"?>\n<!-- x -->\n<!DOCTYPE rss [<!ENTITY a "b">]>\n<rss version="2.0">')).toBe('rss');
    expect(rootElementName('<!DOCTYPE html>\n<html>')).toBe('html');
    expect(rootElementName('<!DOCTYPE feed >\n<feed>')).toBe('feed');
  });

  it('stays linear on a DOCTYPE followed by a megabyte of whitespace (the old pattern backtracked quadratically; aborted after 10 s)', async () => {
    const name = await run<string | undefined>(XML_FEED, 'rootElementName', [`<!DOCTYPE${' '.repeat(1_000_000)}`]);
    expect(name).toBeUndefined();
  });
});
