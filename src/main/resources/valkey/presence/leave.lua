redis.call('HDEL', KEYS[1], ARGV[2])
if redis.call('SREM', KEYS[2], ARGV[1] .. ' ' .. ARGV[2]) == 0 then return 0 end
if prune(KEYS[2], ARGV[4]) > 0 then return 0 end
redis.call('HDEL', KEYS[3], ARGV[3])
return 1
