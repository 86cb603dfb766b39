redis.call('XADD', KEYS[2], '*', 'kind', ARGV[3], 'data', ARGV[4], 'error', ARGV[5], 'source_id', ARGV[2])
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
return 1
