import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * JSON logs. Secrets should never reach a log call, but redaction is the belt to those braces:
 * tokens, passwords and webhook URLs are masked wherever they appear in a logged object.
 */
export const REDACT_PATHS = [
  '*.token', '*.accessToken', '*.access_token', '*.password', '*.secret', '*.secrets', '*.authorization',
  '*.Authorization', '*.apiKey', '*.webhookUrl', 'headers.authorization', 'req.headers.authorization',
  'req.headers.cookie', '*.appKey', '*.appSecret', '*.accessSecret', '*.refreshJwt', '*.accessJwt',
];

export function createLogger(opts: { level?: string; name?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const options: LoggerOptions = {
    level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service: opts.name ?? 'crier' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return opts.destination ? pino(options, opts.destination as pino.DestinationStream) : pino(options);
}

export type { Logger };
