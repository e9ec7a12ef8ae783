/**
 * Which items of a feed seen for the first time may go out. A genuinely new feed sends its newest
 * `backfill` items (the rest are only remembered). A feed seen "again for the first time" because
 * Redis lost its data is different: the ledger forgot what was posted, so the newest items are
 * exactly the ones most likely posted already. Then only items published after the loss (they
 * cannot have gone out before it) and not dated in the future (a feed's dates are its own word) go out.
 */
export interface SightCandidate {
  key: string;
  publishedMs: number | undefined;
}

export interface AfterDataLoss {
  /** Nothing published before this instant may go out again. */
  lossMs: number;
  nowMs: number;
}

/** A publication time this far past our clock is treated as undated (clock skew allowed for). */
const FUTURE_SKEW_MS = 5 * 60_000;

export function firstSightBackfill(candidates: readonly SightCandidate[], backfill: number, afterLoss?: AfterDataLoss): Set<string> {
  if (afterLoss) {
    const { lossMs, nowMs } = afterLoss;
    return new Set(
      candidates
        .filter((c) => c.publishedMs !== undefined && c.publishedMs > lossMs && c.publishedMs <= nowMs + FUTURE_SKEW_MS)
        .map((c) => c.key),
    );
  }
  const byNewest = [...candidates].sort((a, b) => (b.publishedMs ?? 0) - (a.publishedMs ?? 0));
  return new Set(byNewest.slice(0, backfill).map((c) => c.key));
}

/** The feed-state field the reconciler sets on every feed when Redis lost its data (ISO time of the loss bound). */
export const DATA_LOSS_FIELD = 'dataLossAt';

/** `lossMs` from a feed state's `dataLossAt`, if set and readable. */
export function dataLossMs(value: string | undefined): number | undefined {
  const ms = value ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}
