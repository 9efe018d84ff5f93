-- Sojourn RedisStore: applies a session delta (or a touch) to the stored JSON atomically.
-- Runs after session.lua (the tokenizer and readSession), which LuaScript prepends.
--
-- KEYS[1]  the session key
-- ARGV[1]  now in epoch milliseconds, or "" to skip the cookie.expires check
-- ARGV[2]  the new TTL in whole seconds; <= 0 deletes the session
-- ARGV[3]  the new cookie member, JSON text: "cookie":{...}
-- ARGV[4]  n, the number of removed attributes, followed by n raw (unescaped) attribute names
-- then     pairs: raw attribute name, new member as JSON text ("name":value)
--
-- Returns 0 when there is no live session (nothing is created), 1 when applied, or an error reply
-- starting with SOJOURN_CORRUPT when the stored value is not a JSON object with a cookie object.

local list, corrupt = readSession(ARGV[1])
if corrupt then
  return corrupt
end
if not list then
  return 0
end

if tonumber(ARGV[2]) <= 0 then
  redis.call('DEL', KEYS[1])
  return 1
end

local removed, set, order = {}, {}, {}
local n = tonumber(ARGV[4])
for i = 5, 4 + n do
  removed[ARGV[i]] = true
end
for i = 5 + n, #ARGV, 2 do
  set[ARGV[i]] = ARGV[i + 1]
  order[#order + 1] = ARGV[i]
end
set['cookie'] = ARGV[3]

local parts, placed = {}, {}
for _, m in ipairs(list) do
  local name = m.name
  local replacement = set[name]
  if replacement then
    if not placed[name] then
      parts[#parts + 1] = replacement
      placed[name] = true
    end
  elseif not removed[name] then
    parts[#parts + 1] = sub(s, m.first, m.after - 1)
  end
end
for _, name in ipairs(order) do
  if not placed[name] then
    parts[#parts + 1] = set[name]
  end
end

redis.call('SET', KEYS[1], '{' .. table.concat(parts, ',') .. '}', 'EX', ARGV[2])
return 1
