/**
 * Lua for a channel's queue order (issue #15): the breaking lane, "move to front", scheduled posts,
 * holds and the drain order. The order is a sorted set per channel (`channelOrder`), lowest score
 * first; the claim script (redis-scripts.ts) consults it atomically with the other publish gates,
 * so a reorder can change which post takes the next slot but never lets two jobs claim one post.
 *
 * Scores, lowest first: a due scheduled post (by its time), a post moved to the front (the latest
 * move first), a breaking post (the first marked first), then every other post by its story time
 * (newest first by default). `storyMs` is the article's publication time, else the post's creation.
 */
export const ORDER_LUA = `
local function laneScore(lane, laneAt, storyMs, newestFirst)
  if lane == 'scheduled' then return -4e14 + laneAt end
  if lane == 'front' then return -3e14 - laneAt end
  if lane == 'breaking' then return -2e14 + laneAt end
  if newestFirst then return -storyMs end
  return storyMs
end
local function notReady(g, now)
  local published = tonumber(g[3] or '') or 0
  if published > now + 1000 then return true end
  return g[4] == 'scheduled' and (tonumber(g[5] or '') or 0) > now
end
-- The first post in line that could go now, unless it is self (nil then). Entries that no longer
-- wait (posted, skipped, held, expired) are dropped on the way; the scan is capped, so a long
-- queue of embargoed posts costs a bounded amount (past the cap the post may go: fail open on order).
local function firstAhead(orderKey, postKeyPrefix, self, now)
  local ids = redis.call('ZRANGE', orderKey, 0, 49)
  for _, id in ipairs(ids) do
    if id == self then return nil end
    local g = redis.call('HMGET', postKeyPrefix .. id, 'state', 'hold', 'publishedAtMs', 'lane', 'laneAtMs')
    if g[1] ~= 'queued' or g[2] then
      redis.call('ZREM', orderKey, id)
    elseif not notReady(g, now) then
      return id
    end
  end
  return nil
end
`;

/**
 * Set (or clear, lane '') a post's lane and put it in line. Only a waiting post (queued or awaiting
 * approval) may change lane; a post awaiting approval joins the line when it is approved.
 * KEYS: post hash, channel order zset
 * ARGV: lane, laneAtMs, by, postId, newestFirst ('1'|'0'), nowMs
 * Returns the post's state, or '' when it does not exist.
 */
export const SET_LANE_LUA = `${ORDER_LUA}
local g = redis.call('HMGET', KEYS[1], 'state', 'publishedAtMs', 'createdAtMs')
local state = g[1]
if not state then return '' end
if state ~= 'queued' and state ~= 'pending_approval' then return state end
if ARGV[1] == '' then
  redis.call('HDEL', KEYS[1], 'lane', 'laneAtMs', 'laneBy')
else
  redis.call('HSET', KEYS[1], 'lane', ARGV[1], 'laneAtMs', ARGV[2], 'laneBy', ARGV[3])
end
redis.call('ZREM', KEYS[2], ARGV[4])
if state == 'queued' and not redis.call('HGET', KEYS[1], 'hold') then
  local storyMs = tonumber(g[2] or '') or tonumber(g[3] or '') or tonumber(ARGV[6])
  redis.call('ZADD', KEYS[2], laneScore(ARGV[1], tonumber(ARGV[2]) or 0, storyMs, ARGV[5] == '1'), ARGV[4])
end
return state
`;

/**
 * Hold a queued post for an editor (ARGV[1] 'editor' | 'stale'), or release it (ARGV[1] '').
 * Releasing may also waive the staleness guard for this post ("post it anyway").
 * KEYS: post hash, channel order zset
 * ARGV: hold, by, reason, postId, nowMs, staleOk ('1' | '')
 * Returns the post's state ('' when missing); nothing changes unless it is 'queued'.
 */
export const HOLD_LUA = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return '' end
if state ~= 'queued' then return state end
redis.call('ZREM', KEYS[2], ARGV[4])
if ARGV[1] == '' then
  redis.call('HDEL', KEYS[1], 'hold', 'holdBy', 'holdReason', 'holdAtMs')
  if ARGV[6] == '1' then redis.call('HSET', KEYS[1], 'staleOk', '1') end
else
  redis.call('HSET', KEYS[1], 'hold', ARGV[1], 'holdBy', ARGV[2], 'holdReason', ARGV[3], 'holdAtMs', ARGV[5])
end
return state
`;
