-- Drops the members of set key whose node hash is gone; returns how many remain.
local function prune(key, nodePrefix)
  for _, member in ipairs(redis.call('SMEMBERS', key)) do
    local node = string.match(member, '^(%S+) ')
    if not node or redis.call('EXISTS', nodePrefix .. node) == 0 then
      redis.call('SREM', key, member)
    end
  end
  return redis.call('SCARD', key)
end
