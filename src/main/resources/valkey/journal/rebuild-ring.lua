local by_id = {}
local ids = {}
local function add(entry)
  local ok, m = pcall(cjson.decode, entry)
  if not ok or type(m) ~= 'table' or type(m.id) ~= 'number' then return end
  local id = string.format('%d', m.id)
  if by_id[id] == nil and not redis.call('ZSCORE', KEYS[2], id) then
    by_id[id] = entry
    table.insert(ids, m.id)
  end
end
for _, entry in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do add(entry) end
for i = 2, #ARGV do add(ARGV[i]) end
table.sort(ids)
redis.call('DEL', KEYS[1])
local size = tonumber(ARGV[1])
for i = math.max(1, #ids - size + 1), #ids do
  redis.call('RPUSH', KEYS[1], by_id[string.format('%d', ids[i])])
end
redis.call('SET', KEYS[3], '1')
return #ids
