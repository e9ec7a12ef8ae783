import { z } from 'zod';
import type { NetworkSpec } from '../../config/network-spec.js';
import { liveCredentials, networkOptions, secretToken } from '../network-options.js';

export const LINKEDIN_MAX_LENGTH = 3_000;
export const LINKEDIN_DEFAULT_API_BASE_URL = 'https://api.linkedin.com';
/** LinkedIn supports each monthly version for about a year: bump this (or the channel's `version`) when it is sunset. */
export const LINKEDIN_DEFAULT_VERSION = '202510';

export const LINKEDIN_AUTHOR_RE = /^urn:li:(person|organization):[A-Za-z0-9_-]+$/;

export const linkedinOptionsSchema = networkOptions(LINKEDIN_DEFAULT_API_BASE_URL, {
  /** Who posts: `urn:li:person:<id>` or `urn:li:organization:<id>`. */
  author: z.string().regex(LINKEDIN_AUTHOR_RE, 'expected urn:li:person:<id> or urn:li:organization:<id>').optional(),
  version: z.string().regex(/^20\d{2}(0[1-9]|1[0-2])$/, 'expected a LinkedIn API version YYYYMM, e.g. 202510').default(LINKEDIN_DEFAULT_VERSION),
  /** Upload the article image as the link card's thumbnail. */
  thumbnail: z.boolean().default(true),
  visibility: z.enum(['PUBLIC', 'CONNECTIONS']).default('PUBLIC'),
}).superRefine((o, ctx) => {
  // Common channel keys pass through the loose schema, so the mode is visible here.
  if (o.mode === 'live' && o.enabled !== false && !o.author) {
    ctx.addIssue({ code: 'custom', path: ['author'], message: 'required in live mode: urn:li:person:<id> or urn:li:organization:<id>' });
  }
});
export type LinkedinOptions = z.infer<typeof linkedinOptionsSchema>;

export const linkedinSpec = {
  id: 'linkedin',
  envPrefix: 'LINKEDIN',
  // OAuth token with w_member_social (member) or w_organization_social (organisation page).
  // CLIENT_ID + CLIENT_SECRET (optional) let Crier ask LinkedIn when the token expires (token introspection, #16).
  credentialSets: [['ACCESS_TOKEN', 'CLIENT_ID', 'CLIENT_SECRET'], ['ACCESS_TOKEN']],
  credentialsSchema: liveCredentials({ secrets: { ACCESS_TOKEN: secretToken } }),
  optionsSchema: linkedinOptionsSchema,
  defaultTemplate: '{title}\n\n{summary}\n\n{url}\n\n{hashtags}',
  defaultMaxHashtags: 3,
  liveAdapter: true,
} satisfies NetworkSpec;
