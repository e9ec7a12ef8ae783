import { pino, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';

/**
 * JSON logs for machines, readable lines for people: pretty (pino-pretty) when stdout is a terminal,
 * JSON otherwise; `LOG_FORMAT=json|pretty` overrides. Secrets should never reach a log call, but
 * redaction is the belt to those braces: tokens, passwords and webhook URLs are masked wherever they
 * appear in a logged object.
 */
const SECRET_KEYS = ['token', 'accessToken', 'access_token', 'password', 'secret', 'secrets', 'authorization', 'Authorization', 'apiKey', 'webhookUrl', 'appKey', 'appSecret', 'accessSecret', 'refreshJwt', 'accessJwt'];
export const REDACT_PATHS = [
  // Top level and one level down (pino's paths are exact, `*` is one level).
  ...SECRET_KEYS,
  '*.token', '*.accessToken', '*.access_token', '*.password', '*.secret', '*.secrets', '*.authorization',
  '*.Authorization', '*.apiKey', '*.webhookUrl', 'headers.authorization', 'req.headers.authorization',
  'req.headers.cookie', '*.appKey', '*.appSecret', '*.accessSecret', '*.refreshJwt', '*.accessJwt',
];

export type LogFormat = 'json' | 'pretty';

export function logFormat(env: NodeJS.ProcessEnv = process.env, isTty = process.stdout.isTTY === true): LogFormat {
  if (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty') return env.LOG_FORMAT;
  return isTty ? 'pretty' : 'json';
}

export function createLogger(opts: { level?: string; name?: string; destination?: NodeJS.WritableStream; format?: LogFormat } = {}): Logger {
  const options: LoggerOptions = {
    level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service: opts.name ?? 'crier' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const format = opts.format ?? (opts.destination ? 'json' : logFormat());
  if (format === 'pretty') {
    // In-process and synchronous (no worker thread): lines appear in order with the CLI's own output.
    const stream = pretty({
      colorize: opts.destination ? false : pretty.isColorSupported,
      sync: true,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,service',
      singleLine: true,
      ...(opts.destination ? { destination: opts.destination } : {}),
    });
    return pino(options, stream);
  }
  return opts.destination ? pino(options, opts.destination as pino.DestinationStream) : pino(options);
}

export type { Logger };
