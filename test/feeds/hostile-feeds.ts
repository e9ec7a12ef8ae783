/**
 * Hostile feed shapes of about 1 MB each (issue #13), shared by the parse tests and
 * `bench/hostile-feeds.bench.ts`. Each is what an attacker who controls a feed can send.
 */

const TARGET_BYTES = 1024 * 1024;

const channel = (items: string, doctype = '') =>
  `<?xml version="1.0" encoding="utf-8"?>${doctype}<rss version="2.0"><channel><title>Hostile</title><link>https://hostile.example/</link>${items}</channel></rss>`;

const item = (n: number, body = '') =>
  `<item><title>Story ${n}</title><link>https://hostile.example/${n}</link><guid>h-${n}</guid>${body}</item>`;

function repeatTo(unit: string, bytes: number): string {
  return unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));
}

export interface HostileShape {
  name: string;
  xml: string;
}

export function hostileShapes(bytes = TARGET_BYTES): HostileShape[] {
  const body = bytes - 512;
  return [
    {
      // One 1 KB internal entity referenced ~300,000 times: 300 MB once expanded.
      name: 'entity-amplification',
      xml: channel(item(1, `<description>${repeatTo('&e;', body)}</description>`), `<!DOCTYPE rss [<!ENTITY e "${'x'.repeat(1024)}">]>`),
    },
    {
      // A description nested ~3,000 inline tags deep (rss-parser/xml2js recursion).
      name: 'deep-nesting',
      xml: channel(item(1) + item(2, `<description>${'<b>'.repeat(3000)}deep${'</b>'.repeat(3000)}</description>`) + item(3)),
    },
    {
      // Cut off inside an attribute after thousands of unterminated quotes: the truncation repair's worst case.
      name: 'truncated-unterminated-attributes',
      xml: channel(item(1)).replace('</channel></rss>', '') + `<item><title>cut</title>` + repeatTo('<a x="', body),
    },
    {
      // Long whitespace runs followed by text: /\s+$/ is quadratic on this.
      name: 'truncated-whitespace-runs',
      xml: channel(item(1)).replace('</channel></rss>', '') + `<item><title>cut</title><description>` + repeatTo(`${' '.repeat(4096)}x`, body),
    },
    {
      // Thousands of unterminated CDATA sections, comments and processing instructions.
      name: 'unterminated-constructs',
      xml: channel(item(1, `<description>${repeatTo('<![CDATA[ <!-- <? &amp ', body)}</description>`)),
    },
    {
      // Every field enormous: title, author, categories, link.
      name: 'huge-fields',
      xml: channel(
        `<item><title>${repeatTo('Title ', body / 4)}</title><link>https://hostile.example/${'a'.repeat(body / 4)}</link>` +
          `<author>${repeatTo('(', body / 8)}</author>${repeatTo('<category>c</category>', body / 4)}<description>d</description></item>`,
      ),
    },
    {
      // 40,000 unclosed anchors and scripts in escaped HTML (the HTML stripper's worst case).
      name: 'html-tag-flood',
      xml: channel(item(1, `<description>${repeatTo('&lt;a &lt;script&gt;', body)}</description>`)),
    },
    {
      // Tens of thousands of tiny items.
      name: 'many-items',
      xml: channel(Array.from({ length: Math.floor(body / 90) }, (_, n) => item(n)).join('')),
    },
  ];
}

/**
 * A 5 ms ticker standing in for other feeds' timers: its longest gap is how late they would run.
 * `stop()` waits for the ticker's next firing (so a block that has just ended is counted), then
 * returns the longest gap in ms.
 */
export function watchEventLoop(): { stop(): Promise<number> } {
  let lastTickMs = performance.now();
  let maxGapMs = 0;
  let onTick: (() => void) | undefined;
  const ticker = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - lastTickMs);
    lastTickMs = now;
    onTick?.();
  }, 5);
  return {
    async stop() {
      await new Promise<void>((resolve) => (onTick = resolve));
      clearInterval(ticker);
      return maxGapMs;
    },
  };
}
