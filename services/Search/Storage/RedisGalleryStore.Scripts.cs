namespace TwinGan.Search.Storage;

/// <summary>The Lua scripts of the Redis provider: each write and its stream entry happen together or not at all.</summary>
internal sealed partial class RedisGalleryStore
{
    // KEYS[1] stream, KEYS[2..] item hashes; ARGV[1] channel, then (id, data, source, next) per item.
    private const string UpsertScript = """
        local t = redis.call('TIME')
        local now = t[1] .. string.format('%03d', math.floor(tonumber(t[2]) / 1000))
        local out = {}
        local last = ''
        for i = 2, #KEYS do
          local a = (i - 2) * 4 + 2
          local created = redis.call('HGET', KEYS[i], 'created')
          local isNew = 0
          if not created then created = now; isNew = 1 end
          local off
          if ARGV[a + 3] == '' then
            off = redis.call('XADD', KEYS[1], '*', 'op', 'u', 'id', ARGV[a], 'data', ARGV[a + 1], 'created', created)
            redis.call('HDEL', KEYS[i], 'next')
          else
            off = redis.call('XADD', KEYS[1], '*', 'op', 'u', 'id', ARGV[a], 'data', ARGV[a + 1], 'created', created, 'next', ARGV[a + 3])
            redis.call('HSET', KEYS[i], 'next', ARGV[a + 3])
          end
          redis.call('HSET', KEYS[i], 'data', ARGV[a + 1], 'created', created, 'offset', off)
          if ARGV[a + 2] == '' then redis.call('HDEL', KEYS[i], 'source') else redis.call('HSET', KEYS[i], 'source', ARGV[a + 2]) end
          out[#out + 1] = off
          out[#out + 1] = isNew
          last = off
        end
        redis.call('PUBLISH', ARGV[1], last)
        return out
        """;

    // KEYS[1] stream, KEYS[2..] item hashes; ARGV[1] channel, ARGV[2..] ids. Returns the offset or '' per id.
    private const string DeleteScript = """
        local out = {}
        local last = ''
        for i = 2, #KEYS do
          if redis.call('DEL', KEYS[i]) == 1 then
            last = redis.call('XADD', KEYS[1], '*', 'op', 'd', 'id', ARGV[i])
            out[#out + 1] = last
          else
            out[#out + 1] = ''
          end
        end
        if last ~= '' then redis.call('PUBLISH', ARGV[1], last) end
        return out
        """;

    // KEYS[1] stream, KEYS[2..] item hashes; ARGV[1] channel, then (id, next, base offset) per item. Returns the stage
    // offset or '' (the item was rewritten or deleted since the worker read it) per item.
    private const string StageScript = """
        local out = {}
        local last = ''
        for i = 2, #KEYS do
          local a = (i - 2) * 3 + 2
          local off = redis.call('HGET', KEYS[i], 'offset')
          if off and off == ARGV[a + 2] then
            local created = redis.call('HGET', KEYS[i], 'created')
            last = redis.call('XADD', KEYS[1], '*', 'op', 's', 'id', ARGV[a], 'next', ARGV[a + 1], 'created', created)
            redis.call('HSET', KEYS[i], 'next', ARGV[a + 1])
            out[#out + 1] = last
          else
            out[#out + 1] = ''
          end
        end
        if last ~= '' then redis.call('PUBLISH', ARGV[1], last) end
        return out
        """;

    // KEYS[1] stream, KEYS[2] running-reindex key, KEYS[3] active-version key; ARGV[1] channel, ARGV[2] mark text,
    // ARGV[3] event, ARGV[4] version.
    private const string MarkScript = """
        local off = redis.call('XADD', KEYS[1], '*', 'op', 'r', 'id', '', 'mark', ARGV[2])
        if ARGV[3] == 'begin' then redis.call('SET', KEYS[2], ARGV[2]) else redis.call('DEL', KEYS[2]) end
        if ARGV[3] == 'switch' then redis.call('SET', KEYS[3], ARGV[4]) end
        redis.call('PUBLISH', ARGV[1], off)
        return off
        """;

    // KEYS[1] stream, KEYS[2] replica snapshot hash, KEYS[3] trimmed-before key; ARGV[1] replica id, ARGV[2] its
    // snapshot offset, ARGV[3] how long a replica's report counts (ms), ARGV[4] safety margin (ms). Records the report,
    // forgets stale ones, and trims the stream to MINID = (oldest reported snapshot's ms - margin). Returns the new
    // trim point, or '' when nothing was removed.
    private const string TrimScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. '|' .. string.format('%.0f', now))
        local all = redis.call('HGETALL', KEYS[2])
        local min = nil
        for i = 1, #all, 2 do
          local ms, at = string.match(all[i + 1], '^(%d+)%-%d+|(%d+)$')
          if ms and now - tonumber(at) <= tonumber(ARGV[3]) then
            ms = tonumber(ms)
            if not min or ms < min then min = ms end
          else
            redis.call('HDEL', KEYS[2], all[i])
          end
        end
        if not min then return '' end
        local cut = min - tonumber(ARGV[4])
        if cut <= 0 then return '' end
        local id = string.format('%.0f', cut) .. '-0'
        if redis.call('XTRIM', KEYS[1], 'MINID', id) == 0 then return '' end
        redis.call('SET', KEYS[3], id)
        return id
        """;
}
