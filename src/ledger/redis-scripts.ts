/**
 * Lua scripts for ledger transitions that must be atomic across processes (two pollers seeing
 * the same story in two feeds; a stalled job running twice). All keys share the prefix hash tag.
 */

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
 * Create a post once.
 * KEYS: post hash, article's post set, events stream, pending-approval zset
 * ARGV: ttlSeconds, channel, eventJson, eventsMaxLen, pendingScore ('' unless pending), ...field/value pairs
 */
export const CREATE_POST_LUA = `${EMIT_LUA}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 6))
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1]))
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[1]))
if ARGV[5] ~= '' then redis.call('ZADD', KEYS[4], tonumber(ARGV[5]), redis.call('HGET', KEYS[1], 'postId')) end
emit(KEYS[3], ARGV[3], ARGV[4])
return 1
`;

/**
 * Claim a post for publishing.
 * KEYS: post hash, lease key, events stream   ARGV: leaseToken, leaseMs, nowIso, eventJson, eventsMaxLen
 * Returns: 'claimed' | 'claimed-after-crash' | 'busy' | 'done:<state>' | 'missing'
 * 'claimed-after-crash': the post was left in 'posting' without a live lease, so an earlier attempt died
 * mid-request and may have posted: the caller treats it as an unknown outcome.
 */
export const CLAIM_POST_LUA = `${EMIT_LUA}
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return 'missing' end
if state == 'posted' or state == 'skipped' or state == 'failed' or state == 'unknown' or state == 'pending_approval' then
  return 'done:' .. state
end
local lease = redis.call('GET', KEYS[2])
if lease and lease ~= ARGV[1] then return 'busy' end
redis.call('SET', KEYS[2], ARGV[1], 'PX', tonumber(ARGV[2]))
redis.call('HSET', KEYS[1], 'state', 'posting', 'updatedAt', ARGV[3])
redis.call('HINCRBY', KEYS[1], 'attempts', 1)
emit(KEYS[3], ARGV[4], ARGV[5])
if state == 'posting' and not lease then return 'claimed-after-crash' end
return 'claimed'
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
