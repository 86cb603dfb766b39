local gone = {tostring(redis.call('PEXPIRE', KEYS[1], ARGV[1]))}
local users = redis.call('HGETALL', KEYS[2])
for i = 1, #users, 2 do
  if prune(ARGV[3] .. users[i], ARGV[2]) == 0 then
    redis.call('HDEL', KEYS[2], users[i])
    table.insert(gone, users[i])
    table.insert(gone, users[i + 1])
  end
end
return gone
