import { z } from 'zod';

/**
 * Options every network accepts. Each API's base URL is configurable (proxies, tests); the
 * default is the one constant per network, so an API move is a one-line change.
 */
export function networkOptions<Shape extends z.ZodRawShape>(defaultApiBaseUrl: string, extra: Shape) {
  return z.looseObject({
    apiBaseUrl: z
      .url({ protocol: /^https?$/ })
      .default(defaultApiBaseUrl)
      .transform((u) => u.replace(/\/+$/, '')),
    ...extra,
  });
}
