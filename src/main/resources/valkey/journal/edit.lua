local id = ARGV[1]
if redis.call('ZSCORE', KEYS[4], id) then
  return 0
end
local at = tonumber(ARGV[3])
local expired = at - tonumber(ARGV[4])
for _, old in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', expired)) do
  redis.call('HDEL', KEYS[2], old)
end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', expired)
local previous = redis.call('ZSCORE', KEYS[3], id)
if previous and tonumber(previous) > at then
  return -1
end
redis.call('HSET', KEYS[2], id, ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], id)
local prefix = '{"id":' .. id .. ','
for index, entry in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  if string.sub(entry, 1, #prefix) == prefix then
    redis.call('LSET', KEYS[1], index - 1, ARGV[5])
  end
end
return 1
