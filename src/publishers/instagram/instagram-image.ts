import type { ImageRules } from '../../media/image-info.js';

/**
 * Instagram feed images (content publishing API): JPEG, ≤ 8 MiB, 4:5 to 1.91:1, 320–1440 px
 * wide. A converted image is 1080 px wide, what Instagram shows anyway.
 */
export const INSTAGRAM_IMAGE_RULES: ImageRules = {
  formats: ['jpeg'],
  maxBytes: 8 * 1024 * 1024,
  minAspect: 4 / 5,
  maxAspect: 1.91,
  minWidth: 320,
  maxWidth: 1440,
  targetWidth: 1080,
  aspectLabel: '4:5..1.91:1',
};
