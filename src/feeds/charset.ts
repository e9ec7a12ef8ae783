/**
 * Turn feed bytes into a string. rss-parser only honours the Content-Type charset and only for
 * Node's handful of encodings (see reference C.1), which mangles e.g. windows-1251 and Urdu feeds
 * served as UTF-16, so we decide the charset ourselves and hand rss-parser a JS string.
 *
 * Precedence (RFC 7303 §3, plus the XML 1.0 Appendix F byte sniffing):
 *   1. byte order mark (it is unambiguous and wins over everything);
 *   2. UTF-16/UTF-32 byte patterns without a BOM ("<\0?\0"): no 8-bit header charset can be right
 *      about bytes shaped like that, so a wrong header must not turn the feed into NUL soup;
 *   3. the HTTP Content-Type charset;
 *   4. the XML declaration's encoding (read from the first KB as latin1);
 *   5. UTF-8, falling back to windows-1252 when nothing declared a charset and the bytes are not
 *      valid UTF-8 (old CMSs emit undeclared latin1; windows-1252 is the WHATWG superset of it).
 * A declared but unknown label ("bogus") is skipped, so the next rule decides.
 */

export interface DecodedFeed {
  text: string;
  /** WHATWG name of the encoding actually used, e.g. "utf-8", "windows-1252", "utf-16le". */
  charset: string;
  /**
   * Present when the bytes did not fit: characters replaced with U+FFFD, a declared charset the
   * bytes contradict (UTF-8 labelled as latin1 becomes mojibake), header and declaration at odds,
   * an unknown label. The feed is still read; its health shows the warning.
   */
  warnings?: string[];
}

const DECLARATION_SCAN_BYTES = 1024;

export function decodeFeedBytes(bytes: Uint8Array, contentTypeHeader?: string): DecodedFeed {
  const bom = sniffBom(bytes);
  if (bom) return finish(decodeWith(bom.charset, bytes.subarray(bom.length)));

  const pattern = sniffWidePattern(bytes);
  if (pattern) return finish(decodeWith(pattern, bytes));

  const warnings: string[] = [];
  const headerLabel = charsetFromContentType(contentTypeHeader);
  const declarationLabel = charsetFromXmlDeclaration(bytes);
  const fromHeader = knownLabel(headerLabel);
  const fromDeclaration = knownLabel(declarationLabel);
  for (const label of [headerLabel, declarationLabel]) {
    if (label && !knownLabel(label)) warnings.push(`the feed declares an unknown charset "${label.slice(0, 40)}", which was ignored`);
  }
  // A declaration we could read as ASCII cannot truthfully say UTF-16/32 (that would have matched
  // the byte patterns above); such feeds are really 8-bit, so treat the claim as absent.
  const declared = fromHeader ?? (fromDeclaration && !/^utf-(16|32)/.test(fromDeclaration) ? fromDeclaration : undefined);
  if (fromHeader && fromDeclaration && fromHeader !== fromDeclaration) {
    warnings.push(`the Content-Type says ${fromHeader} but the XML declaration says ${fromDeclaration}; read as ${fromHeader}`);
  }
  if (declared) return finish(decodeWith(declared, bytes), [...warnings, ...mislabelled(declared, bytes)]);

  try {
    return finish({ text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), charset: 'utf-8' }, warnings);
  } catch {
    return finish(decodeWith('windows-1252', bytes), [...warnings, 'no charset is declared and the bytes are not UTF-8; read as windows-1252']);
  }
}

/** UTF-8 bytes labelled as a single-byte charset: valid multi-byte UTF-8 is almost never latin1 text. */
function mislabelled(declared: string, bytes: Uint8Array): string[] {
  if (declared.startsWith('utf-') || !bytes.some((byte) => byte >= 0x80)) return [];
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return [];
  }
  return [`the feed declares ${declared} but its bytes look like UTF-8, so accented and non-Latin text may come out garbled`];
}

/** The charset parameter of a Content-Type header, unquoted; undefined when absent or unparsable. */
export function charsetFromContentType(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;"']+))/i.exec(header);
  const label = (match?.[1] ?? match?.[2] ?? match?.[3])?.trim();
  return label ? label : undefined;
}

export function charsetFromXmlDeclaration(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, DECLARATION_SCAN_BYTES));
  const match = /<\?xml\s[^>]*?\bencoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)\s*["']/.exec(head);
  return match?.[1];
}

function sniffBom(bytes: Uint8Array): { charset: string; length: number } | undefined {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { charset: 'utf-8', length: 3 };
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return { charset: 'utf-32le', length: 4 };
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return { charset: 'utf-32be', length: 4 };
  if (b0 === 0xff && b1 === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { charset: 'utf-16be', length: 2 };
  return undefined;
}

function sniffWidePattern(bytes: Uint8Array): string | undefined {
  if (bytes.length < 4) return undefined;
  const [b0, b1, b2, b3] = bytes as unknown as [number, number, number, number];
  if (b0 === 0x3c && b1 === 0 && b2 === 0 && b3 === 0) return 'utf-32le';
  if (b0 === 0 && b1 === 0 && b2 === 0 && b3 === 0x3c) return 'utf-32be';
  if (b0 === 0x3c && b1 === 0 && b2 !== 0 && b3 === 0) return 'utf-16le';
  if (b0 === 0 && b1 === 0x3c && b2 === 0 && b3 !== 0) return 'utf-16be';
  return undefined;
}

/** Map a label to something we can decode (TextDecoder's WHATWG names, plus UTF-32 done by hand). */
function knownLabel(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const lower = label.toLowerCase();
  if (lower === 'utf-32' || lower === 'utf32' || lower === 'ucs-4') return 'utf-32be';
  if (lower === 'utf-32le' || lower === 'utf-32be') return lower;
  try {
    return new TextDecoder(lower).encoding;
  } catch {
    return undefined;
  }
}

function decodeWith(charset: string, bytes: Uint8Array): DecodedFeed {
  if (charset === 'utf-32le' || charset === 'utf-32be') {
    const { text, invalid } = decodeUtf32(bytes, charset === 'utf-32le');
    return invalid === 0 ? { text, charset } : { text, charset, warnings: [`the feed is not valid ${charset}: ${invalid} characters were replaced with "\ufffd"`] };
  }
  let text: string;
  let warnings: string[] | undefined;
  try {
    text = new TextDecoder(charset, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    text = new TextDecoder(charset, { fatal: false, ignoreBOM: true }).decode(bytes);
    warnings = [`the feed is not valid ${charset}: bytes that are not were replaced with "\ufffd"`];
  }
  const encoding = new TextDecoder(charset).encoding;
  const decoded: DecodedFeed = { text: encoding === 'windows-1252' ? fixWindows1252(text) : text, charset: encoding };
  if (warnings) decoded.warnings = warnings;
  return decoded;
}

/**
 * Node 20's TextDecoder decodes windows-1252 (and its aliases latin1, iso-8859-1, us-ascii) as
 * plain ISO-8859-1, so 0x80–0x9F come out as invisible C1 controls instead of € ‘ ’ “ ” – —.
 * C1 controls never appear in real feed text, so mapping them back is safe on fixed Node versions too.
 */
const WINDOWS_1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function fixWindows1252(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1.charAt(c.charCodeAt(0) - 0x80));
}

/** TextDecoder (WHATWG) has no UTF-32; it is rare enough that a tiny loop beats a dependency. */
function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): { text: string; invalid: number } {
  let invalid = bytes.byteLength % 4 === 0 ? 0 : 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  let chunk: number[] = [];
  for (let offset = 0; offset + 4 <= bytes.byteLength; offset += 4) {
    const codePoint = view.getUint32(offset, littleEndian);
    const valid = codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff);
    if (!valid) invalid++;
    chunk.push(valid ? codePoint : 0xfffd);
    // fromCodePoint takes arguments; keep each call well under the engine's argument limit.
    if (chunk.length === 8192) {
      parts.push(String.fromCodePoint(...chunk));
      chunk = [];
    }
  }
  parts.push(String.fromCodePoint(...chunk));
  return { text: parts.join(''), invalid };
}

/** A BOM can survive decoding when the declared charset differs from the BOM's; never pass it to the XML parser. */
function finish(decoded: DecodedFeed, extraWarnings: string[] = []): DecodedFeed {
  const result: DecodedFeed = { text: decoded.text.charCodeAt(0) === 0xfeff ? decoded.text.slice(1) : decoded.text, charset: decoded.charset };
  const warnings = [...extraWarnings, ...(decoded.warnings ?? [])];
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}
