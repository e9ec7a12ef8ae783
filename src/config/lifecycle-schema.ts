import { z } from 'zod';

/**
 * What happens to a channel's posts already out when their story is corrected (#16), as
 * `networks.<channel>.corrections`: `edit` in place, `reply` with a "Correction:" post, `flag`
 * for an editor, or `ignore`. Absent: the best the network can do (see src/lifecycle/correction-policy.ts).
 */
export const CORRECTION_SETTINGS = ['edit', 'reply', 'flag', 'ignore'] as const;
export const correctionSettingSchema = z.enum(CORRECTION_SETTINGS);
export type CorrectionSetting = z.infer<typeof correctionSettingSchema>;

/**
 * `lifecycle:`. A feed item carrying one of `retractCategories` (compared case-insensitively) is a
 * retraction: the story is never posted, and posts already out are removed or flagged. So is a
 * story whose page answers 410 Gone when re-checked (`recheckGoneSeconds`, off by default).
 */
export const lifecycleSchema = z
  .object({
    retractCategories: z.array(z.string().min(1).max(100)).max(20).default(['retracted']),
    /**
     * Re-check the pages of stories discovered in the last `recheckWithinHours` every this many
     * seconds (0: never); a page answering 410 Gone retracts its story.
     */
    recheckGoneSeconds: z.number().int().min(0).max(86_400).default(0),
    recheckWithinHours: z.number().positive().max(24 * 30).default(48),
  })
  .strict()
  .prefault({});
export type LifecycleConfig = z.infer<typeof lifecycleSchema>;
