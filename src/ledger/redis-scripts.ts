/**
 * Lua scripts for ledger transitions that must be atomic across processes (two pollers seeing
 * the same story in two feeds; a stalled job running twice). All keys share the prefix hash tag.
 */
import { ORDER_LUA } from './order-scripts.js';

/**
 * KEYS: article hash, articles zset, ...identity keys
 * ARGV: articleKey, ttlSeconds, discoveredAtMs, contentHash, mode ('record'|'seen-only'), ...hash field/value pairs
 * Returns {status, articleKey}: status 'new' | 'seen' | 'changed' (seen, and title/text hash differs: a correction).
 */
export const RECORD_ARTICLE_LUA = `
local articleKey = ARGV[1]
local ttl = tonumber(ARGV[2])
for i = 3, #KEYS do
  local existing = redis.call('GET', KEYS[i])
  if existing then
    local existingHash = redis.call('HGET', KEYS[1]:gsub(articleKey .. '$', existing), 'contentHash')
    local akey = KEYS[1]:gsub(articleKey .. '$', existing)
    if existingHash and existingHash ~= ARGV[4] and ARGV[4] ~= '' then
      redis.call('HSET', akey, 'contentHash', ARGV[4], 'correctedAt', ARGV[3])
      -- A correction (#16): the version it replaces goes to a short history, the new one takes its place.
      local oldData = redis.call('HGET', akey, 'data')
      for i = 6, #ARGV - 1, 2 do
        if oldData and (ARGV[i] == 'data' or ARGV[i] == 'title') then redis.call('HSET', akey, ARGV[i], ARGV[i + 1]) end
      end
      if oldData then
        local versions = akey .. ':versions'
        redis.call('RPUSH', versions, '{"replacedAt":' .. ARGV[3] .. ',"article":' .. oldData .. '}')
        redis.call('LTRIM', versions, -5, -1)
        redis.call('EXPIRE', versions, ttl)
      end
      return {'changed', existing}
    end
    return {'seen', existing}
  end
end
for i = 3, #KEYS do
  redis.call('SET', KEYS[i], articleKey, 'EX', ttl)
end
if ARGV[5] == 'record' then
  local fields = {}
  for i = 6, #ARGV do fields[#fields + 1] = ARGV[i] end
  redis.call('HSET', KEYS[1], unpack(fields))
  redis.call('EXPIRE', KEYS[1], ttl)
  redis.call('ZADD', KEYS[2], ARGV[3], articleKey)
end
return {'new', articleKey}
`;

/** Appends a prepared event to the capped stream inside a script: no extra round trip per transition. */
const EMIT_LUA = `
local function emit(key, json, maxlen)
  if json ~= '' then redis.call('XADD', key, 'MAXLEN', '~', tonumber(maxlen), '*', 'e', json) end
end
`;

/**
 * Create each of an article's posts once, in one round trip (the summarise job makes one per channel).
 * KEYS: article's post set, events stream, pending-approval zset, then one post hash per post
 * ARGV: ttlSeconds, eventsMaxLen, then per post: channel, eventJson, pendingScore ('' unless pending),
 *       fieldCount, ...field/value pairs
 * Returns one flag per post: 1 created, 0 it already existed (a retried job; never overwritten).
 */
export const CREATE_POSTS_LUA = `${EMIT_LUA}
local ttl = tonumber(ARGV[1])
local created = {}
local pendingAdded = nil
local a = 3
for k = 4, #KEYS do
  local channel, eventJson, pendingScore, n = ARGV[a], ARGV[a + 1], ARGV[a + 2], tonumber(ARGV[a + 3])
  local first = a + 4
  a = first + n
  if redis.call('EXISTS', KEYS[k]) == 1 then
    created[#created + 1] = 0
  else
    redis.call('HSET', KEYS[k], unpack(ARGV, first, first + n - 1))
    redis.call('EXPIRE', KEYS[k], ttl)
    redis.call('SADD', KEYS[1], channel)
    if pendingScore ~= '' then
      pendingAdded = tonumber(pendingScore)
      redis.call('ZADD', KEYS[3], pendingAdded, redis.call('HGET', KEYS[k], 'postId'))
    end
    emit(KEYS[2], eventJson, ARGV[2])
    created[#created + 1] = 1
  end
end
redis.call('EXPIRE', KEYS[1], ttl)
-- A post still waiting when its retention ends has expired with its hash: drop it from the waiting list.
if pendingAdded then redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. (pendingAdded - ttl * 1000)) end
return created
`;

/**
 * Claim a post for publishing, after the publish gates that need shared state, in one round trip.
 * KEYS: post hash, lease key, events stream, today's counter, next-slot key, channel order zset
 * ARGV: 1 leaseToken, 2 leaseMs, 3 nowIso, 4 eventJson, 5 eventsMaxLen, 6 nowMs, 7 gates ('1' check them,
 *       '0' "post now" or a bare claim), 8 quietUntilMs (0: not in quiet hours), 9 dailyCap (0: none), 10 spacingMs,
 *       11 newestFirst ('1'|'0'), 12 maxPostAgeMs (0: no staleness guard), 13 breaking ignores quiet hours ('1'|'0'),
 *       14 post key prefix, 15 postId, 16 order ttlSeconds, 17 staleness grace ms (a post younger in the queue goes)
 * Gates also: 'held' (an editor's or the staleness guard's hold), 'scheduled' (untilMs its time), 'order'
 * (another post is ahead in line: its id follows the gate), 'stale' (just held; untilMs the story's time).
 * Returns {status, untilMs, gate, ...post hash field/value pairs}:
 *   status 'claimed' | 'claimed-after-crash' | 'busy' | 'wait' | 'done:<state>' | 'missing'
 *   'wait' (nothing changed): gate 'embargo' | 'quiet' | 'cap' | 'spacing', untilMs the time to wait for
 *   ('cap': 0, the caller knows when the publication's day ends).
 * 'claimed-after-crash': the post was left in 'posting' without a live lease, so an earlier attempt died
 * mid-request and may have posted: the caller treats it as an unknown outcome.
 * Spacing is checked last and only then reserves the slot, so a post that waits for another gate
 * never takes a slot from one that could go.
 */
export const CLAIM_POST_LUA = `${EMIT_LUA}${ORDER_LUA}
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return {'missing', 0, ''} end
if state == 'posted' or state == 'skipped' or state == 'failed' or state == 'unknown' or state == 'pending_approval' then
  return {'done:' .. state, 0, '', unpack(redis.call('HGETALL', KEYS[1]))}
end
local lease = redis.call('GET', KEYS[2])
if lease and lease ~= ARGV[1] then return {'busy', 0, ''} end
local now = tonumber(ARGV[6])
if ARGV[7] == '1' then
  local f = redis.call('HMGET', KEYS[1], 'publishedAtMs', 'lane', 'laneAtMs', 'hold', 'staleOk', 'createdAtMs')
  local publishedMs, lane, laneAt = tonumber(f[1] or ''), f[2] or '', tonumber(f[3] or '') or 0
  if f[4] then return {'wait', 0, 'held'} end
  if publishedMs and publishedMs > now + 1000 then return {'wait', publishedMs, 'embargo'} end
  if lane == 'scheduled' and laneAt > now then return {'wait', laneAt, 'scheduled'} end
  local storyMs = publishedMs or tonumber(f[6] or '')
  local spacing = tonumber(ARGV[10])
  -- In line from now on (see order-scripts.ts); NX keeps a lane an editor set.
  if spacing > 0 then
    redis.call('ZADD', KEYS[6], 'NX', laneScore(lane, laneAt, storyMs or now, ARGV[11] == '1'), ARGV[15])
    redis.call('EXPIRE', KEYS[6], tonumber(ARGV[16]))
  end
  local quietUntil = tonumber(ARGV[8])
  if quietUntil > 0 and not (lane == 'breaking' and ARGV[13] == '1') then return {'wait', quietUntil, 'quiet'} end
  local cap = tonumber(ARGV[9])
  if cap > 0 and tonumber(redis.call('GET', KEYS[4]) or '0') >= cap then return {'wait', 0, 'cap'} end
  if spacing > 0 then
    local nextSlot = tonumber(redis.call('GET', KEYS[5]) or '0')
    -- Breaking and scheduled posts ignore spacing but still take the slot, so the next post is spaced after them.
    if nextSlot > now and lane ~= 'breaking' and lane ~= 'scheduled' then return {'wait', nextSlot, 'spacing'} end
    local ahead = firstAhead(KEYS[6], ARGV[14], ARGV[15], now)
    if ahead then return {'wait', now + spacing, 'order', ahead} end
  end
  -- The staleness guard: only for a post that waited (one that arrives old was accepted by its feed's age rule).
  local maxAge, createdMs = tonumber(ARGV[12]), tonumber(f[6] or '')
  if maxAge > 0 and storyMs and now - storyMs > maxAge and f[5] ~= '1' and lane ~= 'front' and lane ~= 'scheduled'
    and (not createdMs or now - createdMs > tonumber(ARGV[17])) then
    redis.call('HSET', KEYS[1], 'hold', 'stale', 'holdBy', 'staleness guard', 'holdAtMs', now)
    redis.call('ZREM', KEYS[6], ARGV[15])
    return {'wait', storyMs, 'stale'}
  end
  if spacing > 0 then
    redis.call('SET', KEYS[5], now + spacing, 'PX', spacing + 60000)
    redis.call('ZREM', KEYS[6], ARGV[15])
  end
end
redis.call('SET', KEYS[2], ARGV[1], 'PX', tonumber(ARGV[2]))
redis.call('HSET', KEYS[1], 'state', 'posting', 'updatedAt', ARGV[3])
redis.call('HINCRBY', KEYS[1], 'attempts', 1)
emit(KEYS[3], ARGV[4], ARGV[5])
local status = 'claimed'
if state == 'posting' and not lease then status = 'claimed-after-crash' end
return {status, 0, '', unpack(redis.call('HGETALL', KEYS[1]))}
`;

/**
 * Finish a claimed post. Never downgrades 'posted'.
 * KEYS: post hash, lease key, daily counter, events stream, monthly spend (the post key when unused)
 * ARGV: leaseToken, newState, dailyTtlSeconds, eventJson, eventsMaxLen, spendUsd, spendTtlSeconds, ...field/value pairs
 */
export const FINISH_POST_LUA = `${EMIT_LUA}
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'posted' then
  redis.call('DEL', KEYS[2])
  return 'already-posted'
end
local fields = {'state', ARGV[2]}
for i = 8, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
local lease = redis.call('GET', KEYS[2])
if lease == ARGV[1] then redis.call('DEL', KEYS[2]) end
if ARGV[2] == 'posted' then
  if KEYS[3] ~= KEYS[1] then
    redis.call('INCR', KEYS[3])
    redis.call('EXPIRE', KEYS[3], tonumber(ARGV[3]))
  end
  if KEYS[5] ~= KEYS[1] and tonumber(ARGV[6]) > 0 then
    redis.call('INCRBYFLOAT', KEYS[5], ARGV[6])
    redis.call('EXPIRE', KEYS[5], tonumber(ARGV[7]))
  end
end
emit(KEYS[4], ARGV[4], ARGV[5])
return 'ok'
`;
