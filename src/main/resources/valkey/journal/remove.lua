local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[2]))
local channel = ARGV[3]
local wanted = {}
for i = 4, #ARGV do wanted[ARGV[i]] = true end
local function match(data)
  local ok, m = pcall(cjson.decode, data)
  if not ok or type(m) ~= 'table' or type(m.id) ~= 'number' then return nil end
  local id = string.format('%d', m.id)
  if wanted[id] or (channel ~= '' and type(m.channel_id) == 'number'
      and string.format('%d', m.channel_id) == channel) then
    return id
  end
  return nil
end
local found = {}
for _, entry in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  local id = match(entry)
  if id then
    redis.call('LREM', KEYS[1], 0, entry)
    found[id] = true
  end
end
for _, item in ipairs(redis.call('XRANGE', KEYS[2], '-', '+')) do
  local fields, kind, data = item[2], nil, nil
  for j = 1, #fields, 2 do
    if fields[j] == 'kind' then kind = fields[j + 1] elseif fields[j] == 'data' then data = fields[j + 1] end
  end
  if kind == 'public' and data then
    local id = match(data)
    if id then
      redis.call('XDEL', KEYS[2], item[1])
      found[id] = true
    end
  end
end
local result = {}
for id, _ in pairs(found) do
  table.insert(result, id)
  redis.call('ZADD', KEYS[3], now, id)
end
local assigned = tonumber(redis.call('GET', KEYS[4]) or '0')
for id, _ in pairs(wanted) do
  if tonumber(id) <= assigned then redis.call('ZADD', KEYS[3], now, id) end
end
return result
