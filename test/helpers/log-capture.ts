import { Writable } from 'node:stream';

/** A log destination that keeps what was written, for tests that assert on log lines. */
export function captureLog(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => ((text += chunk.toString()), done()) });
  return { stream, text: () => text };
}
