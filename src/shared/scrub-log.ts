import { stdSerializers, type Logger } from 'pino';
import { scrubDeep, type Scrubber } from './scrub-secrets.js';

/**
 * A child logger whose records pass through `scrub`: every string field, error objects serialised
 * first (message, stack, cause chain), and the message itself, so an error that quotes a webhook
 * URL or a token is logged with `[redacted]` in its place. Its own children scrub too.
 */
export function scrubbingLogger(log: Logger, bindings: Record<string, unknown>, scrub: Scrubber): Logger {
  const child = log.child(bindings, {
    formatters: {
      log: (record: object) => {
        const out: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(record)) out[key] = scrubDeep(value instanceof Error ? stdSerializers.err(value) : value, scrub);
        return out;
      },
    },
  });
  return scrubMessages(child, scrub);
}

const LEVELS = new Set<string | symbol>(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);

/** pino's formatters never see the message string; this catches it at the call (and in children, which inherit the formatter). */
function scrubMessages(logger: Logger, scrub: Scrubber): Logger {
  return new Proxy(logger, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      const fn = value as (...a: unknown[]) => unknown;
      if (prop === 'child') return (...args: unknown[]) => scrubMessages(fn.apply(target, args) as Logger, scrub);
      if (!LEVELS.has(prop)) return value;
      return (...args: unknown[]) => fn.apply(target, args.map((a) => (typeof a === 'string' ? scrub(a) : a)));
    },
  });
}
