import { z } from 'zod';

/**
 * WebSub (W3C recommendation) push for feeds whose publisher announces a hub. `websub:` at the top
 * sets the subscriber's behaviour; `websub: auto | off` on a feed turns it on or off per feed.
 * `auto` subscribes only when `publicBaseUrl` is set (hubs must reach the callback) and the feed
 * (or its response's Link header) names a hub.
 */
export const websubSchema = z
  .object({
    /** While a subscription is active polling continues, as a safety net, at most this often (never more often than the feed's own interval). */
    fallbackIntervalSeconds: z.number().int().min(30).max(86_400).default(900),
    /** The lease Crier asks the hub for; the hub may grant another. */
    leaseSeconds: z.number().int().min(60).max(30 * 86_400).default(86_400),
    /** Renew when less than this share of the granted lease is left (0.1–0.9). */
    renewAtFraction: z.number().min(0.1).max(0.9).default(0.25),
    /** Callback requests (deliveries, verifications) per feed id and process a minute; beyond: 429 (hubs retry). A newsroom burst of 100 stories is 100 deliveries. */
    maxCallbacksPerMinute: z.number().int().min(10).max(100_000).default(1_200),
    /** A delivery larger than this is refused (413) before it is read. */
    maxBodyBytes: z.number().int().positive().max(20 * 1024 * 1024).default(2 * 1024 * 1024),
  })
  .strict()
  .prefault({});

/** Per feed: `auto` (default) uses push when a hub is announced and `publicBaseUrl` is set; `off` never subscribes. */
export const feedWebsubSchema = z.enum(['auto', 'off']).default('auto');

export type WebsubConfig = z.infer<typeof websubSchema>;
