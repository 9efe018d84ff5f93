-- Sojourn RedisStore: adds an integer to one top-level attribute of the stored JSON, atomically.
-- Runs after session.lua (the tokenizer and readSession), which LuaScript prepends.
--
-- KEYS[1]  the session key
-- ARGV[1]  now in epoch milliseconds, or "" to skip the cookie.expires check
-- ARGV[2]  the raw (unescaped) attribute name
-- ARGV[3]  the attribute name as a JSON string ("name"), for appending the member when it is absent
-- ARGV[4]  the amount to add, decimal integer text (a Java long)
--
-- The member's value text is replaced by the new number (a missing member is appended after the last
-- one, a null one counts as 0); every other byte of the stored text stays as it was, and the key keeps
-- its TTL (SET KEEPTTL).
--
-- Lua numbers are doubles, exact only up to 2^53, so the sum is computed on the decimal digits: exact
-- over the whole range of a Java long.
--
-- Returns the new JSON text; nil when there is no live session (nothing is created); an error reply
-- SOJOURN_NOT_INTEGER when the value is not an integer within a long's range (a number with a fraction
-- or an exponent, a string, a boolean, an object, an array, a huge integer), SOJOURN_OVERFLOW when the
-- sum is outside a long's range, SOJOURN_CORRUPT when the stored value is not a JSON object with a
-- cookie object. On an error nothing is written.

local list, corrupt = readSession(ARGV[1])
if corrupt then
  return corrupt
end
if not list then
  return false
end

local MAX_DIGITS, MIN_DIGITS = '9223372036854775807', '9223372036854775808' -- a long's |max|, |min|

-- integer text as a sign (true when negative) and its digits without leading zeros, or nil when it is
-- not an integer within a long's range; -0 is 0
local function parseLong(text)
  local minus, digits = string.match(text, '^(%-?)0*(%d*)$')
  if not minus or (digits == '' and not find(text, '0', 1, true)) then
    return nil
  end
  if digits == '' then
    return false, '0'
  end
  local negative = minus == '-'
  local limit = negative and MIN_DIGITS or MAX_DIGITS
  if #digits > #limit or (#digits == #limit and digits > limit) then
    return nil
  end
  return negative, digits
end

-- compares digit strings without leading zeros: -1, 0 or 1
local function compare(a, b)
  if #a ~= #b then
    return #a < #b and -1 or 1
  end
  if a == b then
    return 0
  end
  return a < b and -1 or 1
end

-- a + b, or a - b when subtract (then a >= b), on digit strings
local function addDigits(a, b, subtract)
  if #a < #b then
    a, b = b, a
  end
  local out, carry, i, j = {}, 0, #a, #b
  while i >= 1 do
    local d = byte(a, i) - 48
    local e = j >= 1 and (byte(b, j) - 48) or 0
    if subtract then
      d = d - e - carry
      carry = d < 0 and 1 or 0
      d = d + 10 * carry
    else
      d = d + e + carry
      carry = d >= 10 and 1 or 0
      d = d - 10 * carry
    end
    out[i] = char(48 + d)
    i, j = i - 1, j - 1
  end
  local digits = table.concat(out)
  if carry == 1 then
    digits = '1' .. digits
  end
  digits = string.match(digits, '^0*(%d-)$')
  return digits == '' and '0' or digits
end

-- the last top-level member with the name: the one a JSON reader keeps when names repeat
local member
for _, m in ipairs(list) do
  if m.name == ARGV[2] then
    member = m
  end
end

local negative, digits = false, '0'
if member then
  local text = sub(s, member.value, member.after - 1)
  if text ~= 'null' then
    negative, digits = parseLong(text)
    if negative == nil then
      return redis.error_reply('SOJOURN_NOT_INTEGER')
    end
  end
end

local byNegative, byDigits = parseLong(ARGV[4])
if byNegative == nil then
  return redis.error_reply('SOJOURN_OVERFLOW')
end

local resultNegative, resultDigits
if negative == byNegative then
  resultNegative, resultDigits = negative, addDigits(digits, byDigits, false)
elseif compare(digits, byDigits) >= 0 then
  resultNegative, resultDigits = negative, addDigits(digits, byDigits, true)
else
  resultNegative, resultDigits = byNegative, addDigits(byDigits, digits, true)
end
if resultDigits == '0' then
  resultNegative = false
end
local limit = resultNegative and MIN_DIGITS or MAX_DIGITS
if compare(resultDigits, limit) > 0 then
  return redis.error_reply('SOJOURN_OVERFLOW')
end
local number = (resultNegative and '-' or '') .. resultDigits

local updated
if member then
  updated = sub(s, 1, member.value - 1) .. number .. sub(s, member.after)
else
  local last = list[#list]
  updated = sub(s, 1, last.after - 1) .. ',' .. ARGV[3] .. ':' .. number .. sub(s, last.after)
end

redis.call('SET', KEYS[1], updated, 'KEEPTTL')
return updated
