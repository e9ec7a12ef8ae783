import { describe, expect, it } from 'vitest';
import { createLogger, logFormat } from '../../src/shared/logger.js';
import { captureLog } from '../helpers/log-capture.js';

describe('log format', () => {
  it('readable lines on a terminal, JSON otherwise; LOG_FORMAT decides when set', () => {
    expect(logFormat({}, true)).toBe('pretty');
    expect(logFormat({}, false)).toBe('json');
    expect(logFormat({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(logFormat({ LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
    expect(logFormat({ LOG_FORMAT: 'xml' }, false)).toBe('json');
  });

  it('a pretty line is one readable line with the level and message, secrets still redacted', () => {
    const out = captureLog();
    createLogger({ destination: out.stream, format: 'pretty', level: 'info' }).info({ url: 'http://127.0.0.1:3000', token: 'tok-123' }, 'web desk listening');
    expect(out.text()).toMatch(/^\[\d{2}:\d{2}:\d{2}\] INFO: web desk listening .*"url":"http:\/\/127\.0\.0\.1:3000"/);
    expect(out.text().trim().split('\n')).toHaveLength(1);
    expect(out.text()).not.toContain('tok-123');
  });

  it('JSON lines keep every field and redact top-level and nested secrets', () => {
    const out = captureLog();
    createLogger({ destination: out.stream, level: 'info' }).info({ password: 'p4ss', nested: { webhookUrl: 'https://discord.com/api/webhooks/1/x' } }, 'hello');
    const line = JSON.parse(out.text()) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'hello', password: '[redacted]', nested: { webhookUrl: '[redacted]' }, service: 'crier' });
  });
});
