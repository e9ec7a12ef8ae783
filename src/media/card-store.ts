import { createHash } from 'node:crypto';
import type { StateStore } from '../shared/state-store.js';

/**
 * Images Crier serves itself (generated cards, converted photos) so that Meta can fetch them from
 * `publicBaseUrl`: Instagram takes an `image_url`, never bytes. They live in the channel's state
 * store in Redis (base64, TTL 48 h: a container must be published within 24 h, and Meta fetches
 * at container creation), under a content hash, so re-rendering the same card reuses the entry.
 *
 * The card id carries the channel (`<channel>-<32 hex>`) so `serveCard` can find the key with
 * only the Redis prefix, as the web server knows it.
 */
export const CARD_TTL_SECONDS = 48 * 3600;
export const CARD_ROUTE_PREFIX = '/media/cards';
const STATE_NAME_PREFIX = 'card:';
const CARD_ID_RE = /^([a-z0-9][a-z0-9_-]{0,62})-([0-9a-f]{32})$/;

export async function putCard(state: StateStore, channel: string, bytes: Uint8Array): Promise<string> {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  await state.set(`${STATE_NAME_PREFIX}${hash}`, Buffer.from(bytes).toString('base64'), CARD_TTL_SECONDS);
  return `${channel}-${hash}`;
}

/** Where Meta fetches the card: `<publicBaseUrl>/media/cards/<cardId>.jpg`. */
export function cardUrl(publicBaseUrl: string, cardId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${CARD_ROUTE_PREFIX}/${cardId}.jpg`;
}

export function parseCardId(cardId: string): { channel: string; hash: string } | undefined {
  const m = CARD_ID_RE.exec(cardId.replace(/\.jpg$/, ''));
  return m?.[1] && m[2] ? { channel: m[1], hash: m[2] } : undefined;
}

export interface CardResponse {
  status: 200 | 404;
  contentType: string;
  body: Buffer;
  cacheControl?: string;
}

/**
 * Framework-agnostic handler for `GET /media/cards/:cardId.jpg`. `stateOf` gives the channel's
 * state (the ledger's `control.state(channel)`, where `putCard` stored the name `card:<hash>`).
 */
export async function serveCard(stateOf: (channel: string) => Pick<StateStore, 'get'>, cardId: string): Promise<CardResponse> {
  const parsed = parseCardId(cardId);
  const notFound: CardResponse = { status: 404, contentType: 'text/plain; charset=utf-8', body: Buffer.from('card not found\n') };
  if (!parsed) return notFound;
  const b64 = await stateOf(parsed.channel).get(`${STATE_NAME_PREFIX}${parsed.hash}`);
  if (!b64) return notFound;
  // Content-addressed: the bytes behind an id never change.
  return { status: 200, contentType: 'image/jpeg', body: Buffer.from(b64, 'base64'), cacheControl: 'public, max-age=86400, immutable' };
}
