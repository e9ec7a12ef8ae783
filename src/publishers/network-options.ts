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

/** A token or key as read from the environment: present, one line, no spaces (a pasted newline is a classic). */
export const secretToken = z.string().min(1, 'is empty').regex(/^\S+$/, 'contains whitespace (a stray space or line break?)');

/** A live channel's option that dry-run can do without (e.g. the Page id): required once the channel posts. */
export const requiredInLive = (what: string) => z.unknown().refine((v) => v !== undefined && v !== '', `required in live mode: ${what}`);

/**
 * A network's credentials schema, run by the config on every live channel (see `LiveCheckInput`
 * in src/config/network-spec.ts): its secrets by env suffix, the options it cannot post without,
 * and, when it serves images from Crier, `publicBaseUrl` with the reason it is needed.
 */
export function liveCredentials(spec: { secrets: z.ZodRawShape; options?: z.ZodRawShape; publicBaseUrlFor?: string }) {
  return z.object({
    secrets: z.object(spec.secrets),
    options: z.object(spec.options ?? {}),
    publicBaseUrl: spec.publicBaseUrlFor
      ? z.string({ error: `required: ${spec.publicBaseUrlFor}` })
      : z.string().optional(),
  });
}
