import type { z } from 'zod';

/**
 * What a live channel hands its network's credentials check: the secrets read from the
 * environment (by suffix, e.g. `{ WEBHOOK_URL: '…' }`), the channel's parsed options and the
 * publication's public URL. Issues at `['secrets', SUFFIX]` are reported under the variable's
 * name (`DISCORD_WEBHOOK_URL`), at `['options', key]` under `networks.<channel>.<key>`.
 */
export interface LiveCheckInput {
  secrets: Record<string, string>;
  options: Record<string, unknown>;
  publicBaseUrl?: string;
}

/**
 * The part of a network the config needs, and nothing more: the config module never imports a
 * publisher; the composition root passes the registry in (`NetworkDefinition` satisfies this).
 */
export interface NetworkSpec {
  readonly id: string;
  /** Default env prefix for credentials, e.g. `X` → `X_APP_KEY`. */
  readonly envPrefix: string;
  /** Acceptable credential sets for live mode (env suffixes); the first complete set wins. */
  readonly credentialSets: readonly (readonly string[])[];
  /** Checks a live channel's secrets, required ids and public URL; run when the config loads. */
  readonly credentialsSchema: z.ZodType;
  /** Network-specific channel options (apiBaseUrl default, ids...), parsed together with the channel's common keys. */
  readonly optionsSchema: z.ZodObject;
  readonly defaultTemplate: string;
  readonly defaultMaxHashtags: number;
  /** False: the network can only run in dry-run mode (no live adapter yet). */
  readonly liveAdapter: boolean;
}

export type NetworkSpecs = Readonly<Record<string, NetworkSpec>>;
