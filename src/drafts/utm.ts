/**
 * UTM tagging of article links. The URL is edited as a string rather than re-serialised through
 * `URL`, because serialisation rewrites parts the newsroom chose (adds a trailing "/", re-encodes
 * other query parameters, punycodes hosts) and some CMSs sign or cache on the exact query.
 */

export type UtmSetting = boolean | { source?: string; medium: string; campaign: string };

const DEFAULT_MEDIUM = 'social';
const DEFAULT_CAMPAIGN = 'crier';
const REPLACED_KEYS = new Set(['utm_source', 'utm_medium', 'utm_campaign']);

function isHttpUrl(url: string): boolean {
  if (/\s/.test(url)) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

function paramKey(pair: string): string {
  const raw = pair.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/**
 * Adds `utm_source` (default: the network id), `utm_medium` (default "social") and `utm_campaign`
 * (default "crier") to an http(s) URL. Existing utm_source/medium/campaign are replaced, other
 * parameters (including utm_content/utm_term) and the fragment are kept byte for byte. `false`,
 * non-http URLs and unparsable URLs are returned unchanged.
 */
export function withUtm(url: string, utm: UtmSetting, network: string): string {
  if (utm === false || !isHttpUrl(url)) return url;
  const settings = utm === true ? { medium: DEFAULT_MEDIUM, campaign: DEFAULT_CAMPAIGN } : utm;
  const source = settings.source ?? network;

  const hashAt = url.indexOf('#');
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : url.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  const base = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt === -1 ? '' : beforeHash.slice(queryAt + 1);

  const kept = query.split('&').filter((pair) => pair !== '' && !REPLACED_KEYS.has(paramKey(pair)));
  const added = [
    ['utm_source', source],
    ['utm_medium', settings.medium],
    ['utm_campaign', settings.campaign],
  ]
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${encodeURIComponent(value ?? '')}`);
  return `${base}?${[...kept, ...added].join('&')}${fragment}`;
}
