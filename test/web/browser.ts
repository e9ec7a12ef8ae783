import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath } from '../helpers/browser-gate.js';

/** Debian's Chromium driven by playwright-core (no downloaded browser build); vitest.config.ts gates the suite on it. */
export const CHROMIUM_PATH = chromiumPath();
export const ARTIFACTS_DIR = path.resolve('test-artifacts');

export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: the browser tests need Debian's chromium (apt-get install -y chromium; .ci/run installs it) or CHROMIUM_PATH set. Without CI=true, npm test leaves this suite out when Chromium is missing.`);
  }
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'crier-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1360, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in on the login form the page shows now and waits for the desk. */
export async function signIn(page: Page, baseUrl: string, name: string, password: string): Promise<void> {
  await page.fill('input[name=name]', name);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL(`${baseUrl}/`);
}

// Code passed to page.evaluate() runs in Chromium. These DOM shapes are declared in this module only:
// a `/// <reference lib="dom" />` would pull the DOM lib into the whole Node program and change
// fetch's BodyInit and Blob types for every source file.
interface BrowserElement {
  tagName: string;
  className: string;
  getBoundingClientRect(): { right: number; width: number };
}
declare const document: { documentElement: { clientWidth: number; scrollWidth: number }; querySelectorAll(selector: string): ArrayLike<BrowserElement> };

/** How wide the page scrolls, and the first element that sticks out past the viewport (for the phone-width checks). */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; widest: string }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    let widest = '';
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 0.5 && r.width > 0) {
        widest = `${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`;
        break;
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, widest };
  });
}
