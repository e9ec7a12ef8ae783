import { describe, expect, it } from 'vitest';
import { charsetFromContentType, decodeFeedBytes } from '../../src/feeds/charset.js';

const xml = (encoding: string | undefined, body: string) =>
  `<?xml version="1.0"${encoding ? ` encoding="${encoding}"` : ''}?><rss><title>${body}</title></rss>`;
const latin1 = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));
const utf8 = (text: string) => Uint8Array.from(Buffer.from(text, 'utf8'));

function utf16be(text: string): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  return Uint8Array.from(le.swap16());
}
function utf32(text: string, littleEndian: boolean): Uint8Array {
  const points = Array.from(text, (c) => c.codePointAt(0) ?? 0);
  const view = new DataView(new ArrayBuffer(points.length * 4));
  points.forEach((p, i) => view.setUint32(i * 4, p, littleEndian));
  return new Uint8Array(view.buffer);
}
const concat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));

describe('decodeFeedBytes', () => {
  it('defaults to UTF-8', () => {
    expect(decodeFeedBytes(utf8(xml(undefined, 'کراچی')))).toEqual({ text: xml(undefined, 'کراچی'), charset: 'utf-8' });
  });

  it.each([
    ['utf-8', [0xef, 0xbb, 0xbf], (t: string) => utf8(t)],
    ['utf-16le', [0xff, 0xfe], (t: string) => Uint8Array.from(Buffer.from(t, 'utf16le'))],
    ['utf-16be', [0xfe, 0xff], utf16be],
    ['utf-32le', [0xff, 0xfe, 0, 0], (t: string) => utf32(t, true)],
    ['utf-32be', [0, 0, 0xfe, 0xff], (t: string) => utf32(t, false)],
  ])('honours and strips a %s BOM, even against the header', (charset, bom, encode) => {
    const text = xml('iso-8859-1', 'Iñtërnâtiônàl 😀');
    const decoded = decodeFeedBytes(concat(Uint8Array.from(bom), encode(text)), 'text/xml; charset=windows-1252');
    expect(decoded).toEqual({ text, charset });
  });

  it('detects UTF-16 and UTF-32 without a BOM from the "<?" byte pattern', () => {
    const text = xml(undefined, 'اردو');
    expect(decodeFeedBytes(Uint8Array.from(Buffer.from(text, 'utf16le'))).charset).toBe('utf-16le');
    expect(decodeFeedBytes(utf16be(text))).toEqual({ text, charset: 'utf-16be' });
    expect(decodeFeedBytes(utf32(text, true))).toEqual({ text, charset: 'utf-32le' });
    expect(decodeFeedBytes(utf32(text, false))).toEqual({ text, charset: 'utf-32be' });
  });

  it('prefers the HTTP header over the XML declaration (RFC 7303)', () => {
    const bytes = latin1(xml('utf-8', 'café'));
    expect(decodeFeedBytes(bytes, 'application/rss+xml; charset=ISO-8859-1').text).toContain('café');
    expect(decodeFeedBytes(utf8(xml('iso-8859-1', 'café')), 'text/xml; charset="utf-8"').text).toContain('café');
  });

  it('uses the XML declaration when the header has no charset', () => {
    expect(decodeFeedBytes(latin1(xml('iso-8859-1', 'café')), 'application/xml').text).toContain('café');
    const cp1252 = concat(latin1('<?xml version="1.0" encoding="windows-1252"?><t>'), Uint8Array.from([0x93, 0x48, 0x94, 0x80]), latin1('</t>'));
    expect(decodeFeedBytes(cp1252)).toEqual({ text: '<?xml version="1.0" encoding="windows-1252"?><t>“H”€</t>', charset: 'windows-1252' });
  });

  it('treats ISO-8859-1 as windows-1252, like browsers', () => {
    expect(decodeFeedBytes(Uint8Array.from([0x3c, 0x61, 0x3e, 0x92]), 'text/xml; charset=iso-8859-1')).toEqual({ text: '<a>’', charset: 'windows-1252' });
  });

  it('decodes other legacy charsets TextDecoder knows', () => {
    const koi8 = Uint8Array.from([0x3c, 0x61, 0x3e, 0xeb, 0xc1, 0xcb]); // "<a>Как"
    expect(decodeFeedBytes(koi8, 'text/xml; charset=koi8-r').text).toBe('<a>Как');
  });

  it('skips unknown labels and falls back to windows-1252 only for undeclared invalid UTF-8', () => {
    expect(decodeFeedBytes(utf8(xml('bogus', 'café')), 'text/xml; charset=nonsense')).toMatchObject({ charset: 'utf-8' });
    expect(decodeFeedBytes(latin1('<rss>café</rss>'))).toMatchObject({ text: '<rss>café</rss>', charset: 'windows-1252' });
    expect(decodeFeedBytes(latin1(xml('utf-8', 'café'))).text).toContain('caf\ufffd');
  });
});

describe('decodeFeedBytes: charset honesty (#13)', () => {
  it('says nothing when the bytes fit the declared charset', () => {
    expect(decodeFeedBytes(utf8(xml('utf-8', 'کراچی café')), 'text/xml; charset=utf-8').warnings).toBeUndefined();
    expect(decodeFeedBytes(latin1(xml('iso-8859-1', 'café'))).warnings).toBeUndefined();
  });

  it('warns when invalid UTF-8 bytes were replaced', () => {
    const decoded = decodeFeedBytes(latin1(xml('utf-8', 'café')));
    expect(decoded.warnings).toEqual([expect.stringMatching(/not valid utf-8: .*replaced/)]);
  });

  it('warns when UTF-8 bytes are labelled as a single-byte charset (mojibake)', () => {
    const decoded = decodeFeedBytes(utf8(xml(undefined, 'کراچی')), 'text/xml; charset=iso-8859-1');
    expect(decoded.charset).toBe('windows-1252');
    expect(decoded.warnings).toEqual([expect.stringMatching(/declares windows-1252 but its bytes look like UTF-8/)]);
  });

  it('warns about undeclared non-UTF-8, unknown labels and a header that contradicts the declaration', () => {
    expect(decodeFeedBytes(latin1('<rss>café</rss>')).warnings).toEqual(['no charset is declared and the bytes are not UTF-8; read as windows-1252']);
    expect(decodeFeedBytes(utf8(xml('bogus', 'a'))).warnings).toEqual([expect.stringContaining('unknown charset "bogus"')]);
    expect(decodeFeedBytes(latin1(xml('utf-8', 'a')), 'text/xml; charset=windows-1252').warnings).toEqual([
      'the Content-Type says windows-1252 but the XML declaration says utf-8; read as windows-1252',
    ]);
  });

  it('ignores a UTF-16 declaration on 8-bit bytes', () => {
    expect(decodeFeedBytes(utf8(xml('utf-16', 'café')))).toMatchObject({ charset: 'utf-8' });
  });
});

describe('charsetFromContentType', () => {
  it.each([
    ['text/xml; charset=utf-8', 'utf-8'],
    ['text/xml;charset= "us-ascii"', 'us-ascii'],
    ["application/atom+xml; charset='gb2312'", 'gb2312'],
    ['text/xml;charset = us-ascii', 'us-ascii'],
    ['text/xml; charset:iso-8859-1', undefined],
    ['text/xml; qs=0.9', undefined],
    [undefined, undefined],
  ])('%s → %s', (header, expected) => {
    expect(charsetFromContentType(header)).toBe(expected);
  });
});
