import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';

/**
 * Fonts for generated cards, shipped as npm packages and registered by file path, so a card looks
 * the same on a laptop, in CI and in a container with no system fonts at all. Skia falls back per
 * glyph along a family list, which is how an Urdu word inside an English headline still renders.
 */
export const FONT_FAMILIES = {
  headline: 'Crier Headline',
  arabic: 'Crier Arabic',
  label: 'Crier Label',
} as const;

const FILES: Record<keyof typeof FONT_FAMILIES, string[]> = {
  headline: ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'vietnamese'].map((s) => `@fontsource/merriweather/files/merriweather-${s}-900-normal.woff2`),
  arabic: ['arabic', 'latin'].map((s) => `@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-${s}-700-normal.woff2`),
  label: ['latin', 'latin-ext', 'cyrillic', 'greek'].map((s) => `@fontsource/inter/files/inter-${s}-700-normal.woff2`),
};

let registered = false;

/** Idempotent; throws when a font file is missing (a broken install should fail loudly, not render tofu). */
export function registerCardFonts(): void {
  if (registered) return;
  const require = createRequire(import.meta.url);
  for (const [role, files] of Object.entries(FILES) as [keyof typeof FONT_FAMILIES, string[]][]) {
    for (const spec of files) {
      const file = require.resolve(spec);
      if (!GlobalFonts.registerFromPath(file, FONT_FAMILIES[role])) throw new Error(`cannot load card font ${spec}`);
    }
  }
  registered = true;
}

/** A CSS-style font list for the canvas: the role's own family first, then the others as fallbacks. */
export function fontStack(role: keyof typeof FONT_FAMILIES, sizePx: number): string {
  const order = [FONT_FAMILIES[role], ...Object.values(FONT_FAMILIES).filter((f) => f !== FONT_FAMILIES[role])];
  return `${Math.round(sizePx)}px ${order.map((f) => `"${f}"`).join(', ')}`;
}
