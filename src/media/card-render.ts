import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { fontStack, registerCardFonts } from './fonts.js';

/**
 * A news card for posts that need an image and have none (Instagram): the headline large on the
 * publication's colour, its name on top, the site at the bottom. Rendered in-process with Skia
 * (no browser), 1080×1350 (Instagram's 4:5 portrait, the largest feed footprint).
 */
export const CARD_WIDTH = 1080;
export const CARD_HEIGHT = 1350;
export const CARD_JPEG_QUALITY = 90;

export interface CardBrand {
  primaryColour?: string;
  textColour?: string;
  accentColour?: string;
}

export interface CardInput {
  headline: string;
  publicationName: string;
  /** Bottom line, usually the site's domain. */
  footer?: string;
  /** Bottom-right hint, e.g. "Link in bio". */
  footerHint?: string;
  brand?: CardBrand;
}

export const DEFAULT_BRAND = { primaryColour: '#0B1F3A', textColour: '#FFFFFF', accentColour: '#E8B04B' } as const;

const MARGIN = 96;
const HEADER_Y = 150;
const FOOTER_Y = CARD_HEIGHT - 110;
const HEADLINE_TOP = 300;
const HEADLINE_BOTTOM = FOOTER_Y - 150;
const MAX_HEADLINE_PX = 116;
const MIN_HEADLINE_PX = 50;
const LINE_HEIGHT = 1.22;
const MAX_LINES = 9;

const RTL_RE = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;
const LTR_RE = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]/u;

/** Right-to-left when the text's first strong character is Hebrew/Arabic-script (Urdu, Persian…). */
export function isRtl(text: string): boolean {
  for (const ch of text) {
    if (RTL_RE.test(ch)) return true;
    if (LTR_RE.test(ch)) return false;
  }
  return false;
}

function withAlpha(hex: string, alpha: number): string {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  const n = parseInt(full, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

function luminance(hex: string): number {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  const n = parseInt(full, 16);
  return (0.2126 * ((n >> 16) & 255) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255)) / 255;
}

function shade(hex: string, factor: number): string {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  const n = parseInt(full, 16);
  const ch = (s: number) => Math.max(0, Math.min(255, Math.round(((n >> s) & 255) * factor)));
  return `rgb(${ch(16)}, ${ch(8)}, ${ch(0)})`;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Greedy word wrap; a word wider than the line (CJK runs, long URLs) is broken between graphemes. */
export function wrapText(g: SKRSContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  const push = (word: string) => {
    const next = line ? `${line} ${word}` : word;
    if (g.measureText(next).width <= maxWidth) {
      line = next;
      return;
    }
    if (line) lines.push(line);
    line = '';
    if (g.measureText(word).width <= maxWidth) {
      line = word;
      return;
    }
    for (const { segment } of segmenter.segment(word)) {
      if (g.measureText(line + segment).width > maxWidth && line) {
        lines.push(line);
        line = '';
      }
      line += segment;
    }
  };
  for (const word of text.split(/\s+/).filter(Boolean)) push(word);
  if (line) lines.push(line);
  return lines;
}

function fitHeadline(g: SKRSContext2D, text: string, maxWidth: number): { size: number; lines: string[] } {
  const area = HEADLINE_BOTTOM - HEADLINE_TOP;
  for (let size = MAX_HEADLINE_PX; size >= MIN_HEADLINE_PX; size -= 4) {
    g.font = fontStack('headline', size);
    const lines = wrapText(g, text, maxWidth);
    if (lines.length <= MAX_LINES && lines.length * size * LINE_HEIGHT <= area) return { size, lines };
  }
  g.font = fontStack('headline', MIN_HEADLINE_PX);
  const lines = wrapText(g, text, maxWidth);
  const fit = Math.min(MAX_LINES, Math.floor(area / (MIN_HEADLINE_PX * LINE_HEIGHT)));
  if (lines.length <= fit) return { size: MIN_HEADLINE_PX, lines };
  const kept = lines.slice(0, fit);
  kept[fit - 1] = `${(kept[fit - 1] ?? '').replace(/\s*\S*$/, '')}…`;
  return { size: MIN_HEADLINE_PX, lines: kept };
}

function drawLabel(g: SKRSContext2D, text: string, x: number, y: number, size: number, align: 'left' | 'right', trackingPx: number): void {
  const rtl = isRtl(text);
  g.font = fontStack('label', size);
  g.direction = rtl ? 'rtl' : 'ltr';
  g.textAlign = align;
  // Letter-spacing is for Latin caps; joined scripts must not be spaced apart.
  (g as unknown as { letterSpacing: string }).letterSpacing = rtl ? '0px' : `${trackingPx}px`;
  g.fillText(text, x, y);
  (g as unknown as { letterSpacing: string }).letterSpacing = '0px';
}

export async function renderCard(input: CardInput): Promise<Buffer> {
  registerCardFonts();
  const brand = { ...DEFAULT_BRAND, ...Object.fromEntries(Object.entries(input.brand ?? {}).filter(([, v]) => v)) };
  const canvas = createCanvas(CARD_WIDTH, CARD_HEIGHT);
  const g = canvas.getContext('2d');

  const bg = g.createLinearGradient(0, 0, CARD_WIDTH * 0.35, CARD_HEIGHT);
  // A gentle fall-off for depth; light backgrounds get less of it or they turn muddy grey.
  const light = luminance(brand.primaryColour) > 0.6;
  bg.addColorStop(0, shade(brand.primaryColour, light ? 1 : 1.12));
  bg.addColorStop(1, shade(brand.primaryColour, light ? 0.93 : 0.72));
  g.fillStyle = bg;
  g.fillRect(0, 0, CARD_WIDTH, CARD_HEIGHT);
  g.fillStyle = brand.accentColour;
  g.fillRect(0, 0, CARD_WIDTH, 14);

  const nameRtl = isRtl(input.publicationName);
  const nameX = nameRtl ? CARD_WIDTH - MARGIN : MARGIN;
  g.fillStyle = brand.accentColour;
  drawLabel(g, nameRtl ? input.publicationName : input.publicationName.toUpperCase(), nameX, HEADER_Y, 34, nameRtl ? 'right' : 'left', 5);
  g.fillStyle = withAlpha(brand.textColour, 0.22);
  g.fillRect(MARGIN, HEADER_Y + 36, CARD_WIDTH - 2 * MARGIN, 2);

  const rtl = isRtl(input.headline);
  const x = rtl ? CARD_WIDTH - MARGIN : MARGIN;
  const { size, lines } = fitHeadline(g, input.headline.trim(), CARD_WIDTH - 2 * MARGIN);
  const lineHeight = size * LINE_HEIGHT;
  const blockHeight = lines.length * lineHeight;
  // Sit the block a little below the optical centre of the headline area, where news cards carry it.
  const top = HEADLINE_TOP + Math.max(0, (HEADLINE_BOTTOM - HEADLINE_TOP - blockHeight) * 0.6);
  g.fillStyle = brand.accentColour;
  g.fillRect(rtl ? x - 120 : x, top - 56, 120, 10);
  g.fillStyle = brand.textColour;
  g.font = fontStack('headline', size);
  g.direction = rtl ? 'rtl' : 'ltr';
  g.textAlign = rtl ? 'right' : 'left';
  g.textBaseline = 'alphabetic';
  lines.forEach((line, i) => g.fillText(line, x, top + size + i * lineHeight));

  g.fillStyle = withAlpha(brand.textColour, 0.22);
  g.fillRect(MARGIN, FOOTER_Y - 62, CARD_WIDTH - 2 * MARGIN, 2);
  if (input.footer) {
    g.fillStyle = withAlpha(brand.textColour, 0.8);
    drawLabel(g, input.footer, MARGIN, FOOTER_Y, 30, 'left', 1);
  }
  if (input.footerHint) {
    g.fillStyle = brand.accentColour;
    drawLabel(g, input.footerHint, CARD_WIDTH - MARGIN, FOOTER_Y, 30, 'right', 1);
  }
  return canvas.encode('jpeg', CARD_JPEG_QUALITY);
}
