import { describe, expect, it } from 'vitest';
import { correctionSettingProblem, defaultCorrection, isRetractedByFeed, planCorrection, planRetraction, resolveCorrection } from '../../src/lifecycle/correction-policy.js';
import { answeredGone } from '../../src/lifecycle/recheck-gone.js';
import { wordDiff } from '../../src/lifecycle/word-diff.js';
import { NO_CORRECTIONS } from '../../src/publishers/corrections.js';
import { MASTODON_CORRECTIONS } from '../../src/publishers/mastodon/mastodon-lifecycle.js';
import { X_CORRECTIONS } from '../../src/publishers/x/x-lifecycle.js';

const posted = { state: 'posted' as const, network: 'x', remoteId: '1', handEdited: false };

describe('correction policy', () => {
  it('defaults to edit where the network can, else reply, else flag', () => {
    expect(defaultCorrection(MASTODON_CORRECTIONS)).toBe('edit');
    expect(defaultCorrection(X_CORRECTIONS)).toBe('reply');
    expect(defaultCorrection(NO_CORRECTIONS)).toBe('flag');
    expect(defaultCorrection(undefined)).toBe('flag');
    expect(resolveCorrection('ignore', MASTODON_CORRECTIONS)).toBe('ignore');
  });

  it('refuses at start-up a setting the network cannot do, naming what it can', () => {
    expect(correctionSettingProblem('edit', X_CORRECTIONS, 'x')).toBe('x cannot edit a post through its API; use reply, flag or ignore');
    expect(correctionSettingProblem('reply', NO_CORRECTIONS, 'instagram')).toBe('instagram cannot reply to a post through its API; use flag or ignore');
    expect(correctionSettingProblem('reply', X_CORRECTIONS, 'x')).toBeUndefined();
    expect(correctionSettingProblem('flag', NO_CORRECTIONS, 'slack')).toBeUndefined();
    expect(correctionSettingProblem(undefined, NO_CORRECTIONS, 'slack')).toBeUndefined();
  });

  it('re-drafts posts not out, keeps an editor\'s own draft, waits for one being sent', () => {
    expect(planCorrection({ ...posted, state: 'queued' }, 'edit')).toEqual({ kind: 'redraft' });
    expect(planCorrection({ ...posted, state: 'pending_approval' }, 'edit')).toEqual({ kind: 'redraft' });
    expect(planCorrection({ ...posted, state: 'pending_approval', handEdited: true }, 'edit')).toEqual({ kind: 'keep-edited' });
    expect(planCorrection({ ...posted, state: 'posting' }, 'edit')).toEqual({ kind: 'wait' });
    expect(planCorrection({ ...posted, state: 'skipped' }, 'edit').kind).toBe('nothing');
  });

  it('posts out follow the channel setting; without a remote id or with an unknown outcome, an editor is asked', () => {
    expect(planCorrection(posted, 'reply')).toEqual({ kind: 'remote', action: 'reply' });
    expect(planCorrection(posted, 'edit')).toEqual({ kind: 'remote', action: 'edit' });
    expect(planCorrection(posted, 'ignore').kind).toBe('nothing');
    expect(planCorrection(posted, 'flag')).toEqual({ kind: 'flag', needs: 'correct the post on x by hand (corrections: flag)' });
    expect(planCorrection({ state: 'posted', network: 'x', handEdited: false }, 'reply').kind).toBe('flag');
    expect(planCorrection({ ...posted, state: 'unknown' }, 'reply').kind).toBe('flag');
  });

  it('retraction: cancel what is not out, delete where the network can, flag the rest', () => {
    expect(planRetraction({ ...posted, state: 'queued' }, X_CORRECTIONS)).toEqual({ kind: 'cancel' });
    expect(planRetraction({ ...posted, state: 'pending_approval' }, X_CORRECTIONS)).toEqual({ kind: 'cancel' });
    expect(planRetraction({ ...posted, state: 'posting' }, X_CORRECTIONS)).toEqual({ kind: 'wait' });
    expect(planRetraction(posted, X_CORRECTIONS)).toEqual({ kind: 'remove' });
    expect(planRetraction({ ...posted, network: 'instagram' }, NO_CORRECTIONS)).toEqual({ kind: 'flag', needs: 'delete the post on instagram by hand (the API cannot)' });
    expect(planRetraction({ ...posted, state: 'unknown' }, X_CORRECTIONS).kind).toBe('flag');
    expect(planRetraction({ ...posted, state: 'skipped' }, X_CORRECTIONS)).toEqual({ kind: 'nothing' });
  });

  it('a feed category marks a retraction, case and spaces aside; none configured: never', () => {
    expect(isRetractedByFeed(['News', ' RETRACTED '], ['retracted'])).toBe(true);
    expect(isRetractedByFeed(['News'], ['retracted'])).toBe(false);
    expect(isRetractedByFeed(['retracted'], [])).toBe(false);
  });
});

describe('410 re-check', () => {
  it('only a page answering 410 Gone counts, not a 404 or a fetch failure', () => {
    expect(answeredGone({ ok: false, problem: 'news.example answered HTTP 410' })).toBe(true);
    expect(answeredGone({ ok: false, problem: 'news.example answered HTTP 404' })).toBe(false);
    expect(answeredGone({ ok: false, problem: 'timed out after 10000 ms' })).toBe(false);
    expect(answeredGone({ ok: true, bytes: Buffer.alloc(0), contentType: 'text/html', finalUrl: 'https://news.example/a' })).toBe(false);
  });
});

describe('word diff', () => {
  it('shows the words that changed between two versions', () => {
    const d = wordDiff('Six engines were grounded', 'Eight engines were grounded');
    expect(d.parts.filter((p) => p.kind === 'removed').map((p) => p.text)).toEqual(['Six']);
    expect(d.parts.filter((p) => p.kind === 'added').map((p) => p.text)).toEqual(['Eight']);
    expect(d.truncated).toBe(false);
  });

  it('compares only the capped start of long texts and says so', () => {
    const d = wordDiff('a '.repeat(10_000), 'b '.repeat(10_000), 100);
    expect(d.truncated).toBe(true);
    expect(d.parts.map((p) => p.text).join('').length).toBeLessThanOrEqual(200);
  });
});
