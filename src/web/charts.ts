import { html, raw, type Html } from './html.js';

/**
 * Small server-rendered SVG charts (no client library, nothing inline for the CSP to allow).
 * Numbers become coordinates; series names are escaped by `html`.
 */
export const SERIES_COLOURS = ['#2563eb', '#16a34a', '#d97706', '#db2777', '#7c3aed', '#0891b2', '#dc2626', '#4b5563'];

export interface Series {
  name: string;
  values: number[];
}

const NARROW = { W: 720, H: 220 };
/** Full-width charts get a wider canvas, so text keeps the same size as in the narrow ones. */
const WIDE = { W: 1480, H: 260 };
type Dims = { W: number; H: number };
const PAD = { left: 40, right: 12, top: 12, bottom: 28 };

function niceMax(v: number): number {
  if (v <= 4) return 4;
  const mag = 10 ** Math.floor(Math.log10(v));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * mag >= v / 4) ?? 10;
  return Math.ceil(v / (step * mag)) * step * mag;
}

function frame({ W, H }: Dims, yMax: number, xLabels: string[], labelEvery: number, body: string, title: string): Html {
  const plotH = H - PAD.top - PAD.bottom;
  const plotW = W - PAD.left - PAD.right;
  const grid: string[] = [];
  for (let i = 0; i <= 4; i += 1) {
    const y = PAD.top + plotH - (plotH * i) / 4;
    grid.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y}" y2="${y}" class="grid"/>`);
    grid.push(`<text x="${PAD.left - 6}" y="${y + 4}" text-anchor="end" class="axis">${Math.round((yMax * i) / 4)}</text>`);
  }
  const step = plotW / Math.max(1, xLabels.length);
  const labels = xLabels
    .map((l, i) => (i % labelEvery === 0 ? html`<text x="${(PAD.left + step * i + step / 2).toFixed(1)}" y="${H - 8}" text-anchor="middle" class="axis">${l}</text>`.value : ''))
    .join('');
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${title}" preserveAspectRatio="xMidYMid meet">${raw(grid.join(''))}${raw(body)}${raw(labels)}</svg>`;
}

export function legend(names: string[]): Html {
  return html`<div class="legend">${names.map((n, i) => html`<span class="legend-item"><svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" rx="2" fill="${SERIES_COLOURS[i % SERIES_COLOURS.length] ?? '#888'}"/></svg>${n}</span>`)}</div>`;
}

/** Stacked columns: one column per x label, one colour per series. */
export function stackedBars(xLabels: string[], series: Series[], opts: { title: string; labelEvery?: number }): Html {
  const { W, H } = NARROW;
  const totals = xLabels.map((_, i) => series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const yMax = niceMax(Math.max(0, ...totals));
  const plotH = H - PAD.top - PAD.bottom;
  const step = (W - PAD.left - PAD.right) / Math.max(1, xLabels.length);
  const barW = Math.max(2, step * 0.7);
  const rects: string[] = [];
  xLabels.forEach((_, i) => {
    let y = PAD.top + plotH;
    series.forEach((s, si) => {
      const v = s.values[i] ?? 0;
      if (v <= 0) return;
      const h = (plotH * v) / yMax;
      y -= h;
      rects.push(html`<rect x="${(PAD.left + step * i + (step - barW) / 2).toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${SERIES_COLOURS[si % SERIES_COLOURS.length] ?? '#888'}"><title>${s.name}: ${v} (${xLabels[i] ?? ''})</title></rect>`.value);
    });
  });
  return frame({ W, H }, yMax, xLabels, opts.labelEvery ?? 1, rects.join(''), opts.title);
}

/** Grouped columns (e.g. latency buckets, one colour per "since" series). */
export function groupedBars(xLabels: string[], series: Series[], opts: { title: string }): Html {
  const { W, H } = NARROW;
  const yMax = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const plotH = H - PAD.top - PAD.bottom;
  const step = (W - PAD.left - PAD.right) / Math.max(1, xLabels.length);
  const barW = (step * 0.8) / Math.max(1, series.length);
  const rects: string[] = [];
  xLabels.forEach((label, i) => {
    series.forEach((s, si) => {
      const v = s.values[i] ?? 0;
      const h = (plotH * v) / yMax;
      const x = PAD.left + step * i + step * 0.1 + barW * si;
      rects.push(html`<rect x="${x.toFixed(1)}" y="${(PAD.top + plotH - h).toFixed(1)}" width="${Math.max(1, barW - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${SERIES_COLOURS[si % SERIES_COLOURS.length] ?? '#888'}"><title>${s.name}, ${label}: ${v}</title></rect>`.value);
    });
  });
  return frame({ W, H }, yMax, xLabels, 1, rects.join(''), opts.title);
}

/** Lines over evenly spaced samples. */
export function lineChart(xLabels: string[], series: Series[], opts: { title: string; labelEvery?: number; wide?: boolean }): Html {
  const { W, H } = opts.wide ? WIDE : NARROW;
  const yMax = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const plotH = H - PAD.top - PAD.bottom;
  const step = (W - PAD.left - PAD.right) / Math.max(1, xLabels.length);
  const lines = series.map((s, si) => {
    const pts = s.values.map((v, i) => `${(PAD.left + step * i + step / 2).toFixed(1)},${(PAD.top + plotH - (plotH * v) / yMax).toFixed(1)}`).join(' ');
    return html`<polyline points="${pts}" fill="none" stroke="${SERIES_COLOURS[si % SERIES_COLOURS.length] ?? '#888'}" stroke-width="2" stroke-linejoin="round"><title>${s.name}</title></polyline>`.value;
  });
  return frame({ W, H }, yMax, xLabels, opts.labelEvery ?? 1, lines.join(''), opts.title);
}
