redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
local before = prune(KEYS[2], ARGV[6])
redis.call('SADD', KEYS[2], ARGV[1] .. ' ' .. ARGV[2])
redis.call('HSET', KEYS[3], ARGV[3], ARGV[4])
if before == 0 then return 1 end
return 0
