if redis.call('EXISTS', KEYS[1]) == 0 then
  return redis.error_reply('ONRABBLE_NO_COUNTER the id counter is missing')
end
local id = redis.call('INCR', KEYS[1])
local entry = '{"id":' .. id .. ',' .. string.sub(ARGV[1], 2)
for i = 3, #KEYS do
  redis.call('RPUSH', KEYS[i], entry)
  redis.call('LTRIM', KEYS[i], -tonumber(ARGV[2]), -1)
end
redis.call('XADD', KEYS[2], '*', 'kind', ARGV[3], 'data', entry)
return id
