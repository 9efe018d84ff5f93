-- Sojourn RedisStore: adds an integer to one top-level attribute of the stored JSON, atomically.
-- Runs after session.lua (the tokenizer and readSession), which LuaScript prepends.
--
-- KEYS[1]  the session key
-- ARGV[1]  now in epoch milliseconds, or "" to skip the cookie.expires check
-- ARGV[2]  the raw (unescaped) attribute name
-- ARGV[3]  the attribute name as a JSON string ("name"), for appending the member when it is absent
-- ARGV[4]  the amount to add, decimal integer text
--
-- The member's value text is replaced by the new number (a missing member is appended after the last
-- one, a null one counts as 0); every other byte of the stored text stays as it was, the key keeps its
-- TTL (SET KEEPTTL).
--
-- Returns the new JSON text; nil when there is no live session (nothing is created); an error reply
-- SOJOURN_NOT_INTEGER when the value is not an integer (a number with a fraction or an exponent, a
-- string, a boolean, an object, an array), SOJOURN_TOO_LARGE when the value, the amount or the result
-- is beyond ±2^53 (Lua numbers are doubles: exact only up to there), SOJOURN_CORRUPT when the stored
-- value is not a JSON object with a cookie object. On an error nothing is written.

local list, corrupt = readSession(ARGV[1])
if corrupt then
  return corrupt
end
if not list then
  return false
end

local LIMIT = 9007199254740992 -- 2^53
local LIMIT_DIGITS = '9007199254740992'

-- the exact value of integer text (optional minus, digits), or nil when it is beyond ±2^53
local function exactInteger(text)
  local digits = string.gsub(string.match(text, '^%-?0*(%d*)$'), '^$', '0')
  if #digits > #LIMIT_DIGITS or (#digits == #LIMIT_DIGITS and digits > LIMIT_DIGITS) then
    return nil
  end
  return tonumber(text)
end

-- the last top-level member with the name: the one a JSON reader keeps when names repeat
local member
for _, m in ipairs(list) do
  if m.name == ARGV[2] then
    member = m
  end
end

local current = 0
if member then
  local text = sub(s, member.value, member.after - 1)
  if text ~= 'null' then
    if not find(text, '^%-?%d+$') then
      return redis.error_reply('SOJOURN_NOT_INTEGER')
    end
    current = exactInteger(text)
    if not current then
      return redis.error_reply('SOJOURN_TOO_LARGE')
    end
  end
end

local by = find(ARGV[4], '^%-?%d+$') and exactInteger(ARGV[4])
if not by then
  return redis.error_reply('SOJOURN_TOO_LARGE')
end
-- both are within ±2^53, so LIMIT - |by| is exact, and so is the sum when it passes this check
if (current > 0 and by > 0 and current > LIMIT - by) or (current < 0 and by < 0 and current < -LIMIT - by) then
  return redis.error_reply('SOJOURN_TOO_LARGE')
end
local result = current + by
if result == 0 then
  result = 0 -- never -0
end
local number = string.format('%.0f', result)

local updated
if member then
  updated = sub(s, 1, member.value - 1) .. number .. sub(s, member.after)
else
  local last = list[#list]
  updated = sub(s, 1, last.after - 1) .. ',' .. ARGV[3] .. ':' .. number .. sub(s, last.after)
end

redis.call('SET', KEYS[1], updated, 'KEEPTTL')
return updated
