if redis.call('EXISTS', KEYS[1]) == 0 then
  return redis.error_reply('ONRABBLE_NO_RINGS the recent-message rings are missing')
end
local size = tonumber(ARGV[1])
local check_deleted = ARGV[2] == '1'
local highest = tonumber(redis.call('GET', KEYS[3]) or '0')
local touched = {}
for i = 3, #ARGV, 4 do
  local id = ARGV[i]
  if not (check_deleted and redis.call('ZSCORE', KEYS[2], id)) then
    for j = i + 2, i + 3 do
      local ring = tonumber(ARGV[j])
      if ring > 0 then
        redis.call('RPUSH', KEYS[ring], ARGV[i + 1])
        touched[ring] = true
      end
    end
  end
  if tonumber(id) > highest then highest = tonumber(id) end
end
for ring, _ in pairs(touched) do
  redis.call('LTRIM', KEYS[ring], -size, -1)
end
redis.call('SET', KEYS[3], string.format('%d', highest))
return highest
