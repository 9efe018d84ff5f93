-- Sojourn RedisStore: the part every session script shares, prepended to it by LuaScript.
--
-- The stored value is the express-session JSON object. It is NOT decoded with cjson, which would
-- reorder keys, reformat numbers and turn [] into {}: a small tokenizer finds the top-level members
-- and the scripts splice the text, so every member they do not change keeps its bytes.
--
-- KEYS[1] is the session key. readSession(now) is the entry point.

-- the stored JSON text and its length, set by readSession before anything is parsed
local s, len

local byte, sub, find, char, floor = string.byte, string.sub, string.find, string.char, math.floor

local function fail(message)
  error(message, 0)
end

local function skipWs(i)
  return find(s, '[^ \t\r\n]', i) or (len + 1)
end

-- s[i] is '"'; returns the index after the closing quote
local function skipString(i)
  local j = i + 1
  while true do
    local k = find(s, '["\\]', j)
    if not k then
      fail('unterminated string')
    end
    if byte(s, k) == 34 then
      return k + 1
    end
    j = k + 2
  end
end

-- returns the index after the value starting at i
local function skipValue(i)
  local b = byte(s, i)
  if b == 34 then
    return skipString(i)
  end
  if b == 123 or b == 91 then
    local stack, depth, j = { b }, 1, i + 1
    while true do
      local k = find(s, '[][{}"]', j)
      if not k then
        fail('unterminated object or array')
      end
      local c = byte(s, k)
      if c == 34 then
        j = skipString(k)
      elseif c == 123 or c == 91 then
        depth = depth + 1
        stack[depth] = c
        j = k + 1
      else
        if (c == 125) ~= (stack[depth] == 123) then
          fail('mismatched brackets')
        end
        depth = depth - 1
        j = k + 1
        if depth == 0 then
          return j
        end
      end
    end
  end
  local e = find(s, '[,}%]%s]', i) or (len + 1)
  local token = sub(s, i, e - 1)
  if token == 'true' or token == 'false' or token == 'null' or find(token, '^%-?%d+%.?%d*[eE]?[%+%-]?%d*$') then
    return e
  end
  fail('invalid value')
end

local function utf8(cp)
  if cp < 0x80 then
    return char(cp)
  elseif cp < 0x800 then
    return char(0xC0 + floor(cp / 0x40), 0x80 + cp % 0x40)
  elseif cp < 0x10000 then
    return char(0xE0 + floor(cp / 0x1000), 0x80 + floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
  end
  return char(0xF0 + floor(cp / 0x40000), 0x80 + floor(cp / 0x1000) % 0x40, 0x80 + floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
end

local ESCAPES = { ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n', r = '\r', t = '\t' }

-- the name of a member, from the JSON string text between the quotes
local function unescape(raw)
  if not find(raw, '\\', 1, true) then
    return raw
  end
  local out, i = {}, 1
  while true do
    local k = find(raw, '\\', i, true)
    if not k then
      out[#out + 1] = sub(raw, i)
      return table.concat(out)
    end
    out[#out + 1] = sub(raw, i, k - 1)
    local c = sub(raw, k + 1, k + 1)
    if c == 'u' then
      local hex = sub(raw, k + 2, k + 5)
      if not find(hex, '^%x%x%x%x$') then
        fail('invalid \\u escape')
      end
      local cp = tonumber(hex, 16)
      i = k + 6
      if cp >= 0xD800 and cp <= 0xDBFF and find(raw, '^\\u[dD][c-fC-F]%x%x', i) then
        cp = 0x10000 + (cp - 0xD800) * 0x400 + (tonumber(sub(raw, i + 2, i + 5), 16) - 0xDC00)
        i = i + 6
      end
      out[#out + 1] = utf8(cp)
    else
      local r = ESCAPES[c]
      if not r then
        fail('invalid escape')
      end
      out[#out + 1] = r
      i = k + 2
    end
  end
end

-- the members of the object starting at i: { name, first (index of the name's quote), value, after }
local function members(i)
  local list = {}
  local j = skipWs(i + 1)
  if byte(s, j) == 125 then
    return list, j + 1
  end
  while true do
    if byte(s, j) ~= 34 then
      fail('expected a member name')
    end
    local nameEnd = skipString(j)
    local colon = skipWs(nameEnd)
    if byte(s, colon) ~= 58 then
      fail('expected a colon')
    end
    local value = skipWs(colon + 1)
    if value > len then
      fail('truncated')
    end
    local after = skipValue(value)
    list[#list + 1] = { name = unescape(sub(s, j + 1, nameEnd - 2)), first = j, value = value, after = after }
    j = skipWs(after)
    local b = byte(s, j)
    if b == 44 then
      j = skipWs(j + 1)
    elseif b == 125 then
      return list, j + 1
    else
      fail('expected a comma or a closing brace')
    end
  end
end

local function parse()
  local start = skipWs(1)
  if byte(s, start) ~= 123 then
    fail('not a JSON object')
  end
  local list, after = members(start)
  if skipWs(after) <= len then
    fail('text after the JSON object')
  end
  local cookie
  for _, m in ipairs(list) do
    if m.name == 'cookie' then
      cookie = m
    end
  end
  if not cookie or byte(s, cookie.value) ~= 123 then
    fail("no 'cookie' object")
  end
  local expires
  for _, m in ipairs((members(cookie.value))) do
    if m.name == 'expires' then
      expires = sub(s, m.value, m.after - 1)
    end
  end
  return list, expires
end

-- epoch milliseconds of an ISO-8601 UTC date string token ("2026-11-24T17:43:58.843Z"), or nil
local function epochMillis(token)
  local y, mo, d, h, mi, sec, frac = string.match(token or '',
      '^"(%d%d%d%d)%-(%d%d)%-(%d%d)T(%d%d):(%d%d):(%d%d)%.?(%d*)Z"$')
  if not y then
    if token and find(token, '^%-?%d+$') then
      return tonumber(token)
    end
    return nil
  end
  y, mo, d = tonumber(y), tonumber(mo), tonumber(d)
  if mo <= 2 then
    y = y - 1
  end
  local era = floor(y / 400)
  local yoe = y - era * 400
  local mp = (mo > 2) and (mo - 3) or (mo + 9)
  local doy = floor((153 * mp + 2) / 5) + d - 1
  local days = era * 146097 + yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy - 719468
  local millis = tonumber(sub(frac .. '000', 1, 3))
  return ((days * 24 + tonumber(h)) * 60 + tonumber(mi)) * 60000 + tonumber(sec) * 1000 + millis
end

-- Reads the session at KEYS[1] into s. Returns its top-level members (see members); nil when there
-- is no session, or when its cookie.expires has passed by now (epoch milliseconds; "" skips the
-- check), in which case it is deleted; or nil and an error reply starting with SOJOURN_CORRUPT when
-- the stored value is not a JSON object with a cookie object.
local function readSession(now)
  s = redis.call('GET', KEYS[1])
  if not s then
    return nil
  end
  len = #s
  local ok, list, expires = pcall(parse)
  if not ok then
    return nil, redis.error_reply('SOJOURN_CORRUPT ' .. tostring(list))
  end
  if now ~= '' then
    local at = epochMillis(expires)
    if at and at <= tonumber(now) then
      redis.call('DEL', KEYS[1])
      return nil
    end
  end
  return list
end

-- ---- the script ----
