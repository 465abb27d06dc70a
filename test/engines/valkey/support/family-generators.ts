/**
 * Random command generators for the fuzz of streams, geo, HyperLogLog, transactions, expiry,
 * encoding conversions, scripts, ACL rules, SORT, BITFIELD, keyspace events, introspection,
 * strings, keyspace commands with glob patterns and Lua's standard libraries
 * (fuzz-families.test.ts). Each draws one command from a seeded PRNG, with valid and invalid
 * arguments and the edge values where implementations slip: IDs and counters at 2^64 - 1 and
 * 2^63 - 1, expiry times past 2^53 ms, corrupted HyperLogLog strings, errors inside MULTI.
 *
 * Left out on purpose, because they depend on the clock rather than on the servers: auto IDs
 * (`XADD … *`) and TTLs of a few milliseconds. Sparse HyperLogLogs are corrupted only inside the
 * string: redis reads past the end of a truncated opcode, so a truncated one has no defined answer.
 */
export type Generator = (rand: () => number) => string[];

export function picker(rand: () => number) {
  return <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
}

export const streamCommand: Generator = (rand) => {
  const pick = picker(rand);
  const int = () => pick(['0', '1', '2', '3', '5', '-1', 'x', '100', '9223372036854775807']);
  const key = () => pick(['s', 's', 's2', 'str', 'nokey']);
  const id = () => pick(['0-1', '1-0', '1-1', '2-0', '2', '3-5', '5-0', '10-0', '0-0', '0', '18446744073709551615-18446744073709551615', 'bad', '-', '+', '1-x', '4-18446744073709551615']);
  const addId = () => pick(['1-1', '2', '2-*', '3-0', '5-*', '7', '100-1', '0-0', 'bad', '3-*', '18446744073709551615-18446744073709551615', '4-18446744073709551615']);
  const group = () => pick(['g1', 'g2', 'g3']);
  const consumer = () => pick(['c1', 'c2', 'c3']);
  const trim = () => pick([[], ['MAXLEN', int()], ['MAXLEN', '=', int()], ['MINID', id()], ['MAXLEN', '~', int()], ['MAXLEN', int(), 'LIMIT', int()], ['MINID', '~', id(), 'LIMIT', '0']]);
  const gens: (() => string[])[] = [
    () => ['XADD', key(), ...pick([[], ['NOMKSTREAM']]), ...trim(), addId(), 'f', pick(['v', '1', '', 'x'.repeat(70)])],
    () => ['XADD', key(), addId(), 'a', '1', 'b', '2'],
    () => ['XADD', key(), addId(), 'f'],
    () => ['XRANGE', key(), id(), id(), ...pick([[], ['COUNT', int()]])],
    () => ['XREVRANGE', key(), id(), id(), ...pick([[], ['COUNT', int()]])],
    () => ['XLEN', key()], () => ['XDEL', key(), id(), id()],
    () => ['XTRIM', key(), ...pick([['MAXLEN', int()], ['MINID', id()], ['MAXLEN', '~', int()], ['FOO']])],
    () => ['XGROUP', 'CREATE', key(), group(), pick(['$', '0', id()]), ...pick([[], ['MKSTREAM'], ['ENTRIESREAD', int()]])],
    () => ['XGROUP', 'SETID', key(), group(), pick(['$', '0', id()]), ...pick([[], ['ENTRIESREAD', int()]])],
    () => ['XGROUP', 'DESTROY', key(), group()], () => ['XGROUP', 'CREATECONSUMER', key(), group(), consumer()],
    () => ['XGROUP', 'DELCONSUMER', key(), group(), consumer()],
    () => ['XREADGROUP', 'GROUP', group(), consumer(), ...pick([[], ['COUNT', int()], ['NOACK']]), 'STREAMS', key(), pick(['>', '0', id()])],
    () => ['XREADGROUP', 'GROUP', group(), consumer(), 'STREAMS', key(), key(), pick(['>', '0']), pick(['>', '0'])],
    () => ['XREAD', ...pick([[], ['COUNT', int()]]), 'STREAMS', key(), key(), id(), id()],
    () => ['XREAD', 'STREAMS', key(), pick(['+', '$', '0'])],
    () => ['XACK', key(), group(), id(), id()], () => ['XPENDING', key(), group()],
    () => ['XCLAIM', key(), group(), consumer(), '0', id(), id(), ...pick([[], ['JUSTID'], ['FORCE'], ['RETRYCOUNT', int()], ['FORCE', 'JUSTID'], ['LASTID', id()]])],
    () => ['XAUTOCLAIM', key(), group(), consumer(), '0', id(), ...pick([[], ['COUNT', int()], ['JUSTID']])],
    () => ['XINFO', 'STREAM', key()], () => ['XINFO', 'GROUPS', key()],
    () => ['XINFO', 'STREAM', key(), 'FULL', ...pick([[], ['COUNT', int()]])],
    () => ['XSETID', key(), id(), ...pick([[], ['ENTRIESADDED', int()], ['ENTRIESADDED', int(), 'MAXDELETEDID', id()]])],
    () => ['SET', 'str', 'x'], () => ['TYPE', key()], () => ['DEL', key()], () => ['OBJECT', 'ENCODING', key()],
    () => ['COPY', key(), key()], () => ['RENAME', key(), key()],
  ];
  return pick(gens)();
};

export const geoCommand: Generator = (rand) => {
  const pick = picker(rand);
  const int = () => pick(['0', '1', '2', '3', '-1', 'x', '100']);
  const key = () => pick(['g', 'g', 'g2', 'str']);
  const lon = () => pick(['0', '13.361389', '15.087269', '-122.27652', '180', '-180', '181', 'x', '2.3522', '139.6917', '-0.1278']);
  const lat = () => pick(['0', '38.115556', '37.502669', '37.805186', '85.05112878', '-85.06', '48.8566', '35.6895', '51.5074', 'y']);
  const member = () => pick(['Palermo', 'Catania', 'Oakland', 'Paris', 'Tokyo', 'London', 'a', '']);
  const unit = () => pick(['m', 'km', 'mi', 'ft', 'xx']);
  const radius = () => pick(['0', '1', '100', '500', '1000', '5000', '20000', '-1', 'x']);
  const opts = () => pick([[], ['WITHDIST'], ['WITHCOORD'], ['WITHHASH'], ['ASC'], ['DESC', 'WITHDIST'], ['COUNT', int()], ['COUNT', '2', 'ANY'], ['WITHCOORD', 'WITHDIST', 'WITHHASH', 'ASC']]);
  const from = () => pick([['FROMMEMBER', member()], ['FROMLONLAT', lon(), lat()]]);
  const by = () => pick([['BYRADIUS', radius(), unit()], ['BYBOX', radius(), radius(), unit()]]);
  const gens: (() => string[])[] = [
    () => ['GEOADD', key(), ...pick([[], ['NX'], ['XX'], ['CH'], ['NX', 'XX']]), lon(), lat(), member()],
    () => ['GEOADD', key(), lon(), lat(), member(), lon(), lat(), member()],
    () => ['GEODIST', key(), member(), member(), ...pick([[], [unit()]])],
    () => ['GEOHASH', key(), member(), member()], () => ['GEOPOS', key(), member(), member()],
    () => ['GEOSEARCH', key(), ...from(), ...by(), ...opts()],
    () => ['GEOSEARCHSTORE', 'dst', key(), ...from(), ...by(), ...pick([[], ['STOREDIST'], ['COUNT', int()]])],
    () => ['GEORADIUS', key(), lon(), lat(), radius(), unit(), ...opts()],
    () => ['GEORADIUSBYMEMBER', key(), member(), radius(), unit(), ...opts(), ...pick([[], ['STORE', 'dst'], ['STOREDIST', 'dst']])],
    () => ['GEORADIUS_RO', key(), lon(), lat(), radius(), unit(), ...opts()],
    () => ['ZRANGE', pick(['g', 'dst']), '0', '-1', 'WITHSCORES'], () => ['ZREM', key(), member()], () => ['SET', 'str', '1'],
    () => ['ZADD', 'g', pick(['0', '1e15', '4503599627370495', '-1', '9007199254740992', 'inf']), member()],
  ];
  return pick(gens)();
};

export const hyperLogLogCommand: Generator = (rand) => {
  const pick = picker(rand);
  const key = () => pick(['h', 'h', 'h2', 'h3', 'str']);
  const element = () => pick(['a', 'b', 'c', '', 'x'.repeat(40), '1', '2', String(Math.floor(rand() * 100000))]);
  const gens: (() => string[])[] = [
    () => ['PFADD', key(), element(), element(), element()], () => ['PFADD', key()],
    () => ['PFADD', key(), ...Array.from({ length: 50 }, () => String(Math.floor(rand() * 1e6)))],
    () => ['PFCOUNT', key()], () => ['PFCOUNT', key(), key()], () => ['PFMERGE', key(), key(), key()], () => ['PFMERGE', key()],
    () => ['GET', key()], () => ['STRLEN', key()], () => ['SET', 'str', pick(['x', 'HYLL'])],
    () => ['SETRANGE', key(), String(Math.floor(rand() * 20)), pick(['\x00', 'x', '\xff\xff'])],
    () => ['DEL', key()], () => ['COPY', key(), key(), 'REPLACE'],
    () => ['PFDEBUG', pick(['GETREG', 'DECODE', 'ENCODING', 'TODENSE', 'X']), key()],
  ];
  return pick(gens)();
};

export const transactionCommand: Generator = (rand) => {
  const pick = picker(rand);
  const key = () => pick(['a', 'b', 'l']);
  const gens: (() => string[])[] = [
    () => ['MULTI'], () => ['EXEC'], () => ['DISCARD'], () => ['WATCH', key()], () => ['UNWATCH'],
    () => ['SET', key(), 'v'], () => ['INCR', key()], () => ['LPUSH', key(), 'x'], () => ['GET', key()],
    () => ['GET'], () => ['NOSUCHCMD', 'x'], () => ['SET', key(), 'v', 'EX', pick(['0', '-1', 'x', '100'])],
    () => ['EXPIRE', key(), pick(['100', '0', '-1'])], () => ['DEL', key()], () => ['MULTI'], () => ['WATCH', key()],
    () => ['SELECT', pick(['0', '1', '16'])], () => ['SWAPDB', '0', '1'], () => ['FLUSHDB'], () => ['DBSIZE'],
    () => ['EVAL', "return redis.call('incr', KEYS[1])", '1', key()], () => ['PING'], () => ['ECHO', 'x'],
    () => ['RESET'], () => ['OBJECT', 'ENCODING', key()], () => ['TTL', key()], () => ['PERSIST', key()],
  ];
  return pick(gens)();
};

/** DUMP of the string "v" by redis-server 7.0 (RDB version 10, CRC64 trailer). */
const STRING_V_DUMP = '\x00\x01v\x0a\x00\x91\x08\xce\xb2\x19\x38\x8a\xce';

export const expiryCommand: Generator = (rand) => {
  const pick = picker(rand);
  const key = () => pick(['a', 'b', 'c', 'l']);
  const time = () => pick(['4000000000', '4000000001', '3999999999', '0', '-1', '100000000000000', 'x', '9223372036854775807', '-9223372036854775808', '1']);
  // Relative TTLs long enough that no key expires while a sequence runs.
  const relative = () => pick(['100000', '0', '-1', 'x', '100000000000000', '9223372036854775807']);
  const gens: (() => string[])[] = [
    () => ['SET', key(), 'v', ...pick([[], ['EXAT', time()], ['PXAT', time()], ['KEEPTTL'], ['EX', relative()]])],
    () => ['EXPIREAT', key(), time(), ...pick([[], ['NX'], ['XX'], ['GT'], ['LT'], ['NX', 'XX'], ['GT', 'LT']])],
    () => ['PEXPIREAT', key(), time(), ...pick([[], ['NX'], ['XX'], ['GT'], ['LT']])],
    () => ['EXPIRE', key(), pick(['100000000', '0', '-5', 'x', '9223372036854775807']), ...pick([[], ['GT'], ['LT']])],
    () => ['EXPIRETIME', key()], () => ['PEXPIRETIME', key()], () => ['TTL', key()], () => ['PTTL', key()],
    () => ['PERSIST', key()], () => ['EXISTS', key()],
    () => ['GETEX', key(), ...pick([[], ['PERSIST'], ['EXAT', time()], ['PXAT', time()], ['EX', '0']])],
    () => ['RPUSH', key(), 'x'], () => ['RENAME', key(), key()], () => ['COPY', key(), key(), 'REPLACE'], () => ['DEL', key()],
    () => ['SETEX', key(), pick(['100000', '-1', 'x', '0']), 'v'], () => ['PSETEX', key(), pick(['100000000', '-1', '0']), 'v'],
    () => ['MOVE', key(), '1'], () => ['SELECT', pick(['0', '1'])],
    // EXISTS rather than DBSIZE: a key set already expired stays counted until an expiry cycle, whose timing differs.
    () => ['SORT', 'l', 'STORE', key()], () => ['GETDEL', key()], () => ['EXISTS', 'a', 'b', 'c', 'l'], () => ['TYPE', key()],
    () => ['RESTORE', key(), pick(['0', '9223372036854775807', '100000000000000']), STRING_V_DUMP, ...pick([[], ['ABSTTL'], ['REPLACE', 'ABSTTL'], ['REPLACE']])],
  ];
  return pick(gens)();
};

/** Encoding conversions: thresholds changed at run time, then values grown, shrunk and copied. */
export const encodingCommand: Generator = (rand) => {
  const pick = picker(rand);
  const key = () => pick(['l', 'h', 's', 'z']);
  const mem = () => pick(['a', 'b', '1', '2', '-3', '100000', '9223372036854775807', 'x'.repeat(pick([10, 65, 70])), String(Math.floor(rand() * 20))]);
  const gens: (() => string[])[] = [
    () => ['CONFIG', 'SET', pick(['list-max-listpack-size', 'hash-max-listpack-entries', 'hash-max-listpack-value', 'set-max-intset-entries', 'set-max-listpack-entries', 'zset-max-listpack-entries', 'zset-max-listpack-value', 'list-max-ziplist-size', 'hash-max-ziplist-entries']), pick(['0', '1', '2', '3', '4', '-1', '-2', '64', '128'])],
    () => ['RPUSH', 'l', mem(), mem()], () => ['LPOP', 'l'], () => ['LTRIM', 'l', '0', pick(['0', '1', '3'])], () => ['LSET', 'l', '0', mem()], () => ['LINSERT', 'l', 'BEFORE', mem(), mem()],
    () => ['HSET', 'h', mem(), mem()], () => ['HDEL', 'h', mem()], () => ['HINCRBY', 'h', mem(), '1'],
    () => ['SADD', 's', mem(), mem()], () => ['SREM', 's', mem()], () => ['SPOP', 's', '0'], () => ['SINTERSTORE', 's2', 's', 's'], () => ['SMOVE', 's', 's2', mem()],
    () => ['ZADD', 'z', pick(['1', '2', '0', '-1.5']), mem()], () => ['ZREM', 'z', mem()], () => ['ZUNIONSTORE', 'z2', '1', 'z'], () => ['ZRANGESTORE', 'z2', 'z', '0', '1'],
    () => ['OBJECT', 'ENCODING', pick(['l', 'h', 's', 'z', 's2', 'z2'])], () => ['COPY', key(), 'c', 'REPLACE'], () => ['OBJECT', 'ENCODING', 'c'],
    () => ['LRANGE', 'l', '0', '-1'], () => ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], () => ['SCARD', 's'], () => ['HLEN', 'h'],
    () => ['SORT', pick(['l', 's', 'z']), ...pick([[], ['ALPHA'], ['DESC', 'ALPHA'], ['STORE', 'st']])], () => ['OBJECT', 'ENCODING', 'st'],
    () => ['RESTORE', 'r', '0', 'x'], () => ['DEL', key()],
  ];
  return pick(gens)();
};

/** Scripts: conversions both ways, error replies, cjson, cmsgpack, bit, RESP3 inside scripts. */
export const scriptCommand: Generator = (rand) => {
  const pick = picker(rand);
  const key = () => pick(['a', 'b', 'l', 'h']);
  const scripts = [
    'return redis.call(\'set\', KEYS[1], ARGV[1])', 'return redis.call(\'get\', KEYS[1])', 'return redis.pcall(\'incr\', KEYS[1])',
    'return {1, 2, {3, \'x\'}, redis.call(\'exists\', KEYS[1])}', 'return redis.status_reply(\'OK\')', 'return redis.error_reply(\'MYERR x\')',
    'return tonumber(ARGV[1])', 'return ARGV[1] + 0.5', 'return {1.5, 2.9, -3.7}', 'return cjson.encode({a=1,b={1,2}})', 'return cjson.decode(ARGV[1])',
    'return redis.sha1hex(ARGV[1])', 'return cmsgpack.pack({1,2,3})', 'return cmsgpack.unpack(cmsgpack.pack({ARGV[1], 5, true}))', 'return bit.band(tonumber(ARGV[1]) or 0, 255)',
    'return redis.call(\'lrange\', KEYS[1], 0, -1)', 'return redis.pcall(\'lpush\', KEYS[1], ARGV[1])', 'return redis.call(\'hgetall\', KEYS[1])', 'return type(redis.call(\'get\', KEYS[1]))',
    'return redis.call(\'type\', KEYS[1])', 'return redis.call(\'nosuch\')', 'return redis.pcall(\'nosuch\')', 'local t = redis.call(\'ttl\', KEYS[1]); return t',
    'redis.setresp(3); return redis.call(\'hgetall\', KEYS[1])', 'redis.setresp(3); return redis.call(\'get\', \'nokey\')', 'return {err=\'boom\'}', 'return {ok=\'fine\'}',
    'return string.format(\'%d %s %.3f\', 5, \'x\', 1/3)', 'return #ARGV', 'return table.concat({\'a\',\'b\'}, ARGV[1])', 'return math.floor(-1.5)', 'return string.rep(\'x\', 3)',
    'error(\'oops\')', 'return nil', 'return false', 'return true', 'return {1, nil, 3}', 'return 3.99', 'return -0.0', 'return 1e20', 'return tostring(1e15)', 'return tostring(0.1)',
    'return redis.call(\'incrbyfloat\', KEYS[1], ARGV[1])', 'return string.byte(ARGV[1] or \'a\')', 'return loadstring', 'return redis.call(\'eval\', \'return 1\', 0)',
  ];
  const arg = () => pick(['1', '2.5', 'abc', '', '{"a":[1,2,null]}', '1e400', '-0', '9007199254740993', '[1,2']);
  const gens: (() => string[])[] = [
    () => ['EVAL', pick(scripts), '1', key(), arg()], () => ['EVAL', pick(scripts), '0', arg()],
    () => ['EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', '0'], () => ['SCRIPT', 'EXISTS', 'ffffffffffffffffffffffffffffffffffffffff'],
    () => ['RPUSH', 'l', arg()], () => ['HSET', 'h', arg(), arg()], () => ['SET', key(), arg()], () => ['DEL', key()],
    () => ['EVAL_RO', pick(scripts), '1', key(), arg()], () => ['FCALL', 'nofn', '0'],
  ];
  return pick(gens)();
};

/** ACL rules set on two users at random, then ACL DRYRUN of commands, keys and channels as them. */
export const aclCommand: Generator = (rand) => {
  const pick = picker(rand);
  const user = () => pick(['u1', 'u2']);
  const rule = () => pick(['on', 'off', 'nopass', 'resetpass', '>pw', '<pw', 'allkeys', 'resetkeys', '~k*', '%R~r*', '%W~w*', '%RW~x', '~*', 'allchannels', 'resetchannels', '&ch*', '&news',
    '+@all', '-@all', '+@read', '-@write', '+@string', '-@dangerous', '+get', '-get', '+set', '+client|id', '-client', '+client', '+select|0', '+config|get', '-config|set', 'allcommands', 'nocommands',
    '(+get ~a*)', '(~b* +@write)', '(%R~c* +@read -get)', 'clearselectors', 'reset', '+@nosuch', '+nosuch', '~', '%X~k', '-@all +@hash', '+acl|whoami', '+@pubsub']);
  const key = () => pick(['k1', 'r1', 'w1', 'x', 'a1', 'b1', 'c1', 'other']);
  const cmd = () => pick([['GET', key()], ['SET', key(), 'v'], ['MSET', key(), 'v', key(), 'v'], ['COPY', key(), key()], ['HSET', key(), 'f', 'v'], ['PUBLISH', pick(['ch1', 'news', 'x']), 'm'],
    ['SUBSCRIBE', pick(['ch1', 'news'])], ['CLIENT', 'ID'], ['CLIENT', 'KILL', 'ID', '99'], ['SELECT', pick(['0', '1'])], ['CONFIG', 'GET', 'x'], ['CONFIG', 'SET', 'x', 'y'], ['FLUSHALL'],
    ['EVAL', 'return 1', '1', key()], ['SORT', key(), 'BY', 'w*'], ['LMOVE', key(), key(), 'LEFT', 'RIGHT'], ['ACL', 'WHOAMI'], ['NOSUCH'], ['OBJECT', 'ENCODING', key()], ['XREAD', 'STREAMS', key(), '0']]);
  const gens: (() => string[])[] = [
    () => ['ACL', 'SETUSER', user(), rule(), rule()], () => ['ACL', 'SETUSER', user(), rule()], () => ['ACL', 'SETUSER', user(), rule(), rule(), rule(), rule()],
    () => ['ACL', 'DRYRUN', user(), ...cmd()], () => ['ACL', 'DRYRUN', user(), ...cmd()], () => ['ACL', 'DRYRUN', user(), ...cmd()],
    () => ['ACL', 'DELUSER', user()], () => ['ACL', 'USERS'], () => ['ACL', 'CAT', pick(['read', 'write', 'nosuch', 'bitmap'])].slice(0, pick([2, 3])),
  ];
  return pick(gens)();
};

/** SORT and SORT_RO with BY and GET patterns (keys and hash fields), ALPHA, DESC, LIMIT and STORE. */
export const sortCommand: Generator = (rand) => {
  const pick = picker(rand);
  const src = () => pick(['l', 'z', 'sset', 'str', 'none']);
  const by = () => pick([[], ['BY', 'w_*'], ['BY', 'h_*->f'], ['BY', 'nosort'], ['BY', 'missing_*'], ['BY', 'w_*->'], ['BY', '*']]);
  const get = () => pick([[], ['GET', '#'], ['GET', 'o_*'], ['GET', 'h_*->f', 'GET', '#'], ['GET', 'nope_*']]);
  const gens: (() => string[])[] = [
    () => ['SORT', src(), ...by(), ...get(), ...pick([[], ['ALPHA'], ['DESC'], ['ALPHA', 'DESC'], ['LIMIT', pick(['0', '1', '-1']), pick(['2', '-1', '0', 'x'])]])],
    () => ['SORT', src(), ...by(), ...get(), 'STORE', 'dst'], () => ['LRANGE', 'dst', '0', '-1'], () => ['SORT_RO', src(), ...by(), ...get()],
    () => ['RPUSH', 'l', pick(['1', '2', '10', 'a', 'b', '-3', '1.5', ''])], () => ['ZADD', 'z', pick(['1', '2', '0']), pick(['1', '2', '10', 'a', 'b'])],
    () => ['SADD', 'sset', pick(['1', '2', '10', '3', '5', '7'])],
    () => ['SET', `w_${pick(['1', '2', '10', 'a', 'b', '-3'])}`, pick(['5', '1', 'x', '2.5', '-1', ''])], () => ['SET', `o_${pick(['1', '2', '10', 'a'])}`, pick(['v1', 'v2'])],
    () => ['HSET', `h_${pick(['1', '2', '10', 'a', 'b'])}`, 'f', pick(['3', '1', 'zz', ''])], () => ['SET', 'str', 'x'], () => ['DEL', pick(['l', 'z', 'sset'])],
  ];
  return pick(gens)();
};

/** BITFIELD and BITFIELD_RO: widths, hash offsets, overflow modes, bounds, with the bitmap commands. */
export const bitfieldCommand: Generator = (rand) => {
  const pick = picker(rand);
  const type = () => pick(['i1', 'u1', 'i8', 'u8', 'i16', 'u15', 'i63', 'i64', 'u63', 'u64', 'i0', 'x8', 'i65']);
  const off = () => pick(['0', '1', '7', '8', '#0', '#1', '#3', '100', '-1', '4294967296', '#x']);
  const val = () => pick(['0', '1', '-1', '127', '128', '255', '-128', '9223372036854775807', '-9223372036854775808', '300', 'x', '1.5']);
  const sub = () => pick([['GET', type(), off()], ['SET', type(), off(), val()], ['INCRBY', type(), off(), val()], ['OVERFLOW', pick(['WRAP', 'SAT', 'FAIL', 'NOPE'])]]);
  const gens: (() => string[])[] = [
    () => ['BITFIELD', pick(['b', 'b', 'c', 's'])], () => ['BITFIELD', 'b', ...sub()], () => ['BITFIELD', 'b', ...sub(), ...sub()], () => ['BITFIELD', 'b', ...sub(), ...sub(), ...sub(), ...sub()],
    () => ['BITFIELD_RO', 'b', 'GET', type(), off()], () => ['BITFIELD_RO', 'b', ...sub()], () => ['GET', 'b'], () => ['SET', 's', 'x'], () => ['SADD', 'c', 'x'],
    () => ['SETBIT', 'b', pick(['0', '7', '63', '100']), pick(['0', '1'])], () => ['BITCOUNT', 'b'], () => ['BITPOS', 'b', pick(['0', '1'])], () => ['STRLEN', 'b'], () => ['DEL', 'b'],
  ];
  return pick(gens)();
};

/**
 * Writes of every family on a RESP3 connection subscribed to its own keyspace events, with the
 * event classes switched at random: the events and the replies must come in redis' order.
 */
export const keyspaceEventCommand: Generator = (rand) => {
  const pick = picker(rand);
  const key = () => pick(['a', 'b', 'l', 'h', 's', 'z', 'x']);
  const gens: (() => string[])[] = [
    () => ['CONFIG', 'SET', 'notify-keyspace-events', pick(['KEA', 'Kg$', 'El', 'Ex', 'KEh', 'Ezs', 'KEAm', 'Kd', 'En', 'KEt', '', 'A', 'xyz'])],
    () => ['SET', key(), 'v'], () => ['DEL', key(), key()], () => ['INCR', key()], () => ['APPEND', key(), 'x'], () => ['EXPIRE', key(), pick(['100', '0', '-1'])],
    () => ['LPUSH', key(), 'x'], () => ['RPOP', key()], () => ['LMOVE', key(), key(), 'LEFT', 'RIGHT'], () => ['HSET', key(), 'f', 'v'], () => ['HDEL', key(), 'f'], () => ['HINCRBYFLOAT', key(), 'f', '1.5'],
    () => ['SADD', key(), 'm'], () => ['SREM', key(), 'm'], () => ['SMOVE', key(), key(), 'm'], () => ['ZADD', key(), '1', 'm'], () => ['ZINCRBY', key(), '2', 'm'], () => ['ZPOPMIN', key()],
    () => ['RENAME', key(), key()], () => ['COPY', key(), key(), 'REPLACE'], () => ['PERSIST', key()], () => ['GETDEL', key()], () => ['GETEX', key(), 'EX', '100'], () => ['SORT', key(), 'STORE', key()],
    () => ['XADD', key(), '1-1', 'f', 'v'], () => ['PUBLISH', pick(['ch', '__keyspace@0__:a']), 'm'], () => ['SETRANGE', key(), '2', 'yy'], () => ['MOVE', key(), '1'], () => ['FLUSHDB'],
    () => ['SUNIONSTORE', key(), key(), key()], () => ['ZUNIONSTORE', key(), '2', key(), key()], () => ['LTRIM', key(), '1', '0'], () => ['GET', pick(['nokey', key()])],
  ];
  return pick(gens)();
};

/** Introspection: COMMAND GETKEYS of every key-spec shape, COMMAND INFO, CONFIG GET/SET, CLIENT options. */
export const introspectionCommand: Generator = (rand) => {
  const pick = picker(rand);
  const k = () => pick(['a', 'b', '{t}c', 'd']);
  const target = () => pick([
    ['SET', k(), 'v'], ['GET', k()], ['MSET', k(), 'v', k(), 'v'], ['MGET', k(), k(), k()], ['EVAL', 'return 1', pick(['0', '1', '2', '-1', 'x']), k(), k()], ['EVALSHA', 'x', '1', k()],
    ['ZUNIONSTORE', k(), pick(['1', '2', '0', '3']), k(), k(), 'WEIGHTS', '1', '2'], ['ZUNION', '2', k(), k()], ['LMPOP', pick(['1', '2', '0']), k(), k(), 'LEFT'], ['BLMPOP', '0', '2', k(), k(), 'RIGHT'],
    ['SORT', k(), 'BY', 'w*', 'GET', 'o*', 'STORE', k()], ['SORT', k()], ['XREAD', 'COUNT', '1', 'STREAMS', k(), k(), '0', '0'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', k(), '>'], ['GEORADIUS', k(), '0', '0', '1', 'km', 'STORE', k()], ['GEORADIUS', k(), '0', '0', '1', 'km', 'STOREDIST', k()], ['OBJECT', 'ENCODING', k()], ['PING'],
    ['BITOP', 'AND', k(), k(), k()], ['RENAME', k(), k()], ['COPY', k(), k()], ['LCS', k(), k()], ['SINTERCARD', '2', k(), k(), 'LIMIT', '1'], ['ZINTERCARD', '1', k()], ['FCALL', 'f', '2', k(), k()],
    ['CLIENT', 'KILL', 'ID', '1'], ['CONFIG', 'GET', 'x'], ['MEMORY', 'USAGE', k()], ['XINFO', 'STREAM', k()], ['PFCOUNT', k(), k()], ['PFMERGE', k(), k()], ['WATCH', k(), k()], ['SUBSCRIBE', 'c'], ['GETEX', k(), 'EX', '1'],
    ['SET'], ['NOSUCH', k()], ['GET', k(), k()], ['TOUCH', k(), k()], ['DEL'], ['XADD', k(), '*', 'f', 'v'], ['SPUBLISH', 'c', 'm'], ['SSUBSCRIBE', 'a', 'b'], ['SMOVE', k(), k(), 'm'], ['LMOVE', k(), k(), 'LEFT', 'RIGHT'],
  ]);
  const gens: (() => string[])[] = [
    () => ['COMMAND', 'GETKEYS', ...target()], () => ['COMMAND', 'GETKEYSANDFLAGS', ...target()], () => ['COMMAND', 'INFO', pick(['get', 'SET', 'nosuch', 'client|kill', 'config|get', 'xinfo|stream', 'zunionstore'])],
    () => ['COMMAND', 'GETKEYS'], () => ['COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', pick(['hyperloglog', 'geo', 'nosuch'])],
    () => ['CONFIG', 'GET', pick(['maxmemory', 'maxmemory-*', '*max*entries*', 'save', 'appendonly', 'notify-keyspace-events', 'hz', 'timeout', 'nosuch', 'lua-time-limit', 'busy-reply-threshold', 'databases'])],
    () => ['CONFIG', 'SET', pick(['hz', 'timeout', 'maxmemory-policy', 'lfu-log-factor', 'slowlog-log-slower-than', 'list-compress-depth', 'maxmemory', 'nosuch', 'databases']), pick(['0', '1', '10', '-1', '500', 'allkeys-lru', 'x', '1gb', '100mb', 'volatile-lfu'])],
    () => ['OBJECT', 'HELP'], () => ['CLIENT', 'SETNAME', pick(['n', 'a b', '', 'x\n'])], () => ['CLIENT', 'GETNAME'], () => ['CLIENT', 'NO-EVICT', pick(['on', 'off', 'x'])], () => ['CLIENT', 'NO-TOUCH', pick(['on', 'off'])],
    () => ['ECHO', pick(['x', ''])], () => ['PING', ...pick([[], ['m'], ['a', 'b']])], () => ['DBSIZE'], () => ['SELECT', pick(['0', '1', '15', '16', '-1', 'x'])], () => ['SWAPDB', pick(['0', '1', '16']), pick(['0', '1', 'x'])],
  ];
  return pick(gens)();
};

/**
 * Strings, counters and bitmaps: SET with every option combination, increments at the int64 and
 * float edges (INCRBYFLOAT's long double formatting), ranges with LONG_MIN/LONG_MAX and
 * non-numbers, LCS, BITCOUNT/BITPOS ranges and units, and MEMORY USAGE of strings grown in place.
 * Bit offsets and SETRANGE offsets that make a 512 MB string are left out: the engine refuses those
 * (V8 cannot hold one), a documented limit.
 */
export const stringCommand: Generator = (rand) => {
  const pick = picker(rand);
  const key = () => pick(['a', 'b', 'c', 'n', 'f', 'l', 'e']);
  const val = () => pick(['', '0', '-0', '123', '9223372036854775807', '9223372036854775808', '-9223372036854775808', '1.5', ' 1', '1 ', 'abc', 'x'.repeat(44), 'x'.repeat(45), '\xff\x00\x01', '00', '+1', '1e3', '0x10', '3.0', '-', 'inf', 'nan', '10.50', String(Math.floor(rand() * 1000))]);
  const int = () => pick(['0', '1', '-1', '2', '-2', '3', '10', '-10', '100', 'x', '1.5', '9223372036854775807', '-9223372036854775808', '9223372036854775808', '4294967296', '536870911', '536870912', '-100', '']);
  const float = () => pick(['0', '1', '-1', '0.1', '1.5', '-1.5', '1e308', '-1e308', '1e-5', '5.0e3', 'inf', '-inf', 'nan', 'x', '3.0', '10.50', '0.0001', '123456789012345678', '1.7976931348623157e308', '.5', '5.', ' 1', '1 ', '', '0x10', '2.5e-310', '17e-1']);
  const ttl = () => pick([['EX', '100000'], ['PX', '100000000'], ['EXAT', '4000000000'], ['PXAT', '4000000000000'], ['KEEPTTL'], ['EX', '0'], ['EX', '-1'], ['EX', 'x'], ['PX', '9223372036854775807'], ['EX', '9223372036854775807']]);
  const unit = () => pick([[], ['BYTE'], ['BIT'], ['bit'], ['FOO']]);
  const gens: (() => string[])[] = [
    () => ['SET', key(), val(), ...pick([[], ['NX'], ['XX'], ['GET'], ['NX', 'GET'], ['XX', 'GET'], ['NX', 'XX']]), ...pick([[], ttl(), [...ttl(), ...ttl()]])],
    () => ['GET', key()], () => ['GETSET', key(), val()], () => ['GETDEL', key()],
    () => ['GETEX', key(), ...pick([[], ['PERSIST'], ttl(), ['PERSIST', 'EX', '10']])],
    () => ['MGET', key(), key(), key()], () => ['MSET', key(), val(), key(), val()], () => ['MSETNX', key(), val(), key(), val()],
    () => ['MSET', key()], () => ['SETNX', key(), val()], () => ['SETEX', key(), pick(['0', '-1', 'x', '100000', '9223372036854775807', '4294967296', '1.5']), val()], () => ['PSETEX', key(), pick(['0', '-1', 'x', '100000000', '9223372036854775807']), val()],
    () => ['APPEND', key(), val()], () => ['STRLEN', key()],
    () => ['GETRANGE', key(), int(), int()], () => ['SUBSTR', key(), int(), int()],
    () => ['SETRANGE', key(), pick(['0', '1', '5', '-1', '536870912', '100', 'x', '1000']), pick(['', 'x', 'hello', '\x00'])],
    () => ['INCR', key()], () => ['DECR', key()], () => ['INCRBY', key(), int()], () => ['DECRBY', key(), int()],
    () => ['INCRBYFLOAT', key(), float()], () => ['INCRBYFLOAT', key(), float()],
    () => ['INCRBYFLOAT', 'f', (rand() * 2000 - 1000).toFixed(Math.floor(rand() * 20))],
    () => ['INCRBYFLOAT', 'f', `${(rand() * 10).toFixed(3)}e${Math.floor(rand() * 80) - 40}`],
    () => ['INCRBYFLOAT', 'f', pick(['0.1', '0.2', '0.3', '-0.1', '1e-17', '1e17', '0.000001', '3.14159265358979323846', '2.5', '1e20', '123456789.123456789'])],
    () => ['SET', 'f', pick(['0.1', '1e20', '1.7976931348623157e308', '4.9e-324', '100', '-1e-300', '1.5e-5', '  2'])],
    () => ['LCS', 'la', 'lb', ...pick([[], ['LEN'], ['IDX'], ['IDX', 'MINMATCHLEN', pick(['0', '1', '2', '3'])], ['IDX', 'WITHMATCHLEN'], ['IDX', 'MINMATCHLEN', '2', 'WITHMATCHLEN']])],
    () => ['SET', pick(['la', 'lb']), Array.from({ length: Math.floor(rand() * 30) }, () => pick(['a', 'b', 'c', 'd'])).join('')],
    () => ['SETRANGE', key(), pick(['536870911', '0', '3']), ''],
    () => ['GETRANGE', 'n', int(), int()], () => ['GETRANGE', 'f', int(), int()],
    () => ['SET', key(), val(), 'GET', ...pick([[], ['XX'], ['NX'], ['KEEPTTL'], ['EX', '100000']])],
    () => ['LCS', key(), key(), ...pick([[], ['LEN'], ['IDX'], ['IDX', 'MINMATCHLEN', int()], ['IDX', 'WITHMATCHLEN'], ['IDX', 'MINMATCHLEN', int(), 'WITHMATCHLEN'], ['LEN', 'IDX'], ['FOO']])],
    () => ['SETBIT', key(), pick(['0', '1', '7', '8', '100', '-1', 'x', '4294967296', '8000']), pick(['0', '1', '2', 'x'])],
    () => ['GETBIT', key(), pick(['0', '1', '7', '8', '100', '-1', 'x', '4294967296'])],
    () => ['BITCOUNT', key(), ...pick([[], [int(), int()], [int(), int(), ...unit()], [int()]])],
    () => ['BITPOS', key(), pick(['0', '1', '2']), ...pick([[], [int()], [int(), int()], [int(), int(), ...unit()]])],
    () => ['BITOP', pick(['AND', 'OR', 'XOR', 'NOT', 'DIFF', 'and']), key(), key(), ...pick([[], [key()]])],
    () => ['OBJECT', 'ENCODING', key()], () => ['TYPE', key()], () => ['DEL', key()], () => ['EXISTS', key()],
    () => ['RPUSH', 'l', 'x'], () => ['TTL', key()], () => ['PTTL', key()],
    () => ['SET', 'e', ''], () => ['SET', 'n', pick(['10', '-5', '9223372036854775806', '-9223372036854775807', '1.5'])],
    () => ['SET', 'f', pick(['1.5', '0.1', '1e308', '3', '-0.0', '1e-320'])],
    () => ['DUMP', key()], () => ['MEMORY', 'USAGE', key()],
  ];
  return pick(gens)();
};

/**
 * Keyspace commands over keys that are glob metacharacters themselves, with KEYS and SCAN MATCH
 * patterns both fixed (classes, ranges, negation, escapes, unterminated brackets) and drawn at
 * random; RENAME, COPY (across databases), MOVE, SWAPDB, OBJECT, DUMP/RESTORE options, FLUSHDB.
 * SCAN always covers the whole keyspace (COUNT 1000): a partial page lists whatever the buckets
 * hold, and buckets follow each server's hash seed.
 */
export const keyspaceCommand: Generator = (rand) => {
  const pick = picker(rand);
  const key = () => pick(['a', 'b', 'ab', 'abc', 'a*', 'a?c', '[a]', 'a\\b', 'x', 'h', 'l', 's', 'z', 'aXc', '', 'b-c', '^a', '!a', 'a]']);
  const patChars = ['a', 'b', 'c', '*', '?', '[', ']', '^', '!', '-', '\\', 'x', 'X'];
  const pattern = () => pick([
    '*', 'a*', '*c', 'a?c', '[ab]*', '[^a]*', '[!a]*', '[a-c]', '[c-a]*', '[a-]*', '[]*', '[', 'a[', '\\*', 'a\\*', '[\\]]', '*[', '[a', '\\', 'A*', '*a*b*c*', '????', '[^]*',
    Array.from({ length: 1 + Math.floor(rand() * 5) }, () => pick(patChars)).join(''),
  ]);
  const db = () => pick(['0', '1', '2', '15', '16', '-1', 'x']);
  const gens: (() => string[])[] = [
    () => ['SET', key(), pick(['v', '1', 'xx'])], () => ['RPUSH', key(), 'e'], () => ['SADD', key(), 'm'], () => ['HSET', key(), 'f', 'v'], () => ['ZADD', key(), '1', 'm'],
    () => ['KEYS', pattern()], () => ['KEYS', pattern()],
    () => ['SCAN', '0', 'MATCH', pattern(), 'COUNT', '1000'], () => ['SCAN', '0', 'COUNT', '1000', 'TYPE', pick(['string', 'list', 'set', 'zset', 'hash', 'stream', 'foo', 'STRING'])],
    () => ['SCAN', pick(['0', 'x', '18446744073709551616', ' 0', '+0', '-', '']), 'COUNT', pick(['0', '-1', 'x', '1000', '1000']), ...pick([[], ['MATCH'], ['FOO', 'bar'], ['TYPE', 'hash']])],
    () => ['EXISTS', key(), key(), key()], () => ['TYPE', key()], () => ['DEL', key(), key()], () => ['UNLINK', key()], () => ['TOUCH', key(), key()],
    () => ['RENAME', key(), key()], () => ['RENAMENX', key(), key()],
    () => ['COPY', key(), key(), ...pick([[], ['REPLACE'], ['DB', db()], ['DB', db(), 'REPLACE'], ['FOO']])],
    () => ['MOVE', key(), db()], () => ['SELECT', pick(['0', '1', '0', '16', 'x'])], () => ['SWAPDB', db(), db()], () => ['DBSIZE'],
    () => ['OBJECT', pick(['ENCODING', 'REFCOUNT', 'FREQ', 'IDLETIME', 'FOO', 'HELP']), key()],
    () => ['EXPIRE', key(), '100000'], () => ['PERSIST', key()], () => ['TTL', key()],
    () => ['FLUSHDB', ...pick([[], ['ASYNC'], ['SYNC'], ['FOO']])],
    () => ['SORT', key(), 'BY', pick(['nosort', 'w_*', 'h->f']), 'GET', pick(['#', 'x_*', '*->f'])],
    () => ['DUMP', key()], () => ['RESTORE', key(), '0', pick(['\x00\x01v\x0a\x00\x91\x08\xce\xb2\x19\x38\x8a\xce', 'bad']), ...pick([[], ['REPLACE'], ['IDLETIME', pick(['10', '-1', 'x'])], ['FREQ', pick(['10', '256', 'x'])], ['ABSTTL'], ['REPLACE', 'IDLETIME', '5', 'FREQ', '3']])],
  ];
  return pick(gens)();
};

/**
 * Lua 5.1 as redis embeds it: one expression per script over the standard libraries (numbers
 * past 2^31, -0, integer arguments given as fractions, string.format's conversions, patterns,
 * tonumber with bases, pcall'd errors, math edge cases), cjson, bit and redis.call.
 *
 * Left out because the two differ by construction, not by fault: `#` of a table with holes (5.1
 * reads its array part), `^` of a negative base (the VM calls JavaScript's pow, whose NaN is
 * positive), and comparisons of a folded `-0` constant (5.1 merges it with a `0` constant of the
 * same function, so `-0 < -1/0` is true).
 */
export const luaLibraryCommand: Generator = (rand) => {
  const pick = picker(rand);
  const num = () => pick(['0', '1', '-1', '3.7', '-3.7', '0.5', '1e15', '1e16', '2^53', '2^63', '-2^63', '1/0', '-1/0', '0/0', '10/2', '7%3', '-7%3', '7.5%2', '2^0.5', '1e308*10', '0.1+0.2', '123456789012', '100000*100000', '65536*65536', '0x7FFFFFFF+1', '(function() local z = 0 return -z end)()', '3', '255', '256', '65', '2.5', '0.125']);
  // Comparisons leave out -0: 5.1 compares a folded -0 constant oddly (-0 < -1/0 is true).
  const cmp = () => pick(['0', '1', '-1', '3.7', '1/0', '-1/0', '0/0', '2^53', "'10'"]);
  const str = () => pick(["'abc'", "''", "'a,b,,c'", "'%d'", "'hello world'", "'10'", "'0x10'", "' 5 '", "'1e2'", "'abc123'", "'\\0'", "'x'", "'%'", "'a.b'", "'AbC'"]);
  const val = () => pick([num(), str(), 'nil', 'true', 'false', '{}', '{1,2,3}', 'ARGV[1]', 'KEYS[1]']);
  const exprs: (() => string)[] = [
    () => `tostring(${num()})`, () => `tonumber(${str()})`, () => `tonumber(${pick(["'ff'", "'101'", "'zz'", "'10'", "' 7 '", "''", "'1.5'"])}, ${pick(['16', '2', '36', '10', '1', '37'])})`,
    () => `math.floor(${num()})`, () => `math.ceil(${num()})`, () => `math.abs(${num()})`, () => `math.max(${num()}, ${num()})`, () => `math.min(${num()}, ${num()})`,
    () => `math.fmod(${num()}, ${num()})`, () => `math.modf(${num()})`, () => `math.sqrt(${num()})`, () => `math.pow(${num()}, ${num()})`, () => `math.log(${num()})`, () => `math.log10(${num()})`, () => `math.exp(${num()})`,
    () => `math.frexp(${num()})`, () => `math.ldexp(${num()}, ${pick(['2', '-2', '1024'])})`, () => 'math.huge', () => 'math.pi', () => 'math.tointeger and 1 or 0',
    () => `string.format(${pick(["'%d'", "'%5d'", "'%-5d|'", "'%05.1f'", "'%g'", "'%.3g'", "'%e'", "'%x'", "'%X'", "'%o'", "'%c'", "'%s'", "'%q'", "'%10.3s|'", "'%%'", "'%i'", "'%u'", "'%5.2s'", "'%.20f'", "'%a'", "'%E'", "'%.0e'", "'%#.0f'", "'%.2f'", "'%F'", "'%5c|'", "'%.1s|'"])}, ${val()})`,
    () => `string.format('%s|%5s|%.2s', ${pick(["'a\\0b'", "string.rep('x', 100) .. '\\0y'", "'abc'"])}, 'q', 'xyz')`,
    () => `string.rep(${str()}, ${pick(['0', '1', '3', '-1', '2.5'])}${pick(['', ", ','"])})`,
    () => `string.sub(${str()}, ${pick(['1', '2', '-1', '-2', '0', '100', '2.7'])}, ${pick(['1', '-1', '3', '0', '100', '-100'])})`,
    () => `string.upper(${str()})`, () => `string.lower(${str()})`, () => `string.len(${str()})`, () => `string.reverse(${str()})`,
    () => `string.byte(${str()}, ${pick(['1', '-1', '1, -1', '10', '0'])})`, () => `string.char(${pick(['65', '65, 66', '256', '-1', '0', "'65'"])})`,
    () => `string.find(${str()}, ${pick(["'b'", "'%d+'", "'.'", "'%.'", "'(b)(c)'", "'[a-c]+'", "'^a'", "'c$'", "''", "'[a'"])}${pick(['', ', 2', ', -1', ', 1, true'])})`,
    () => `string.match(${str()}, ${pick(["'%a+'", "'(%d+)'", "'(a)(b)'", "'%s*(.-)%s*$'", "'()b'", "'%w+'"])})`,
    () => `select(2, string.gsub(${str()}, ${pick(["'a'", "'%w'", "'(%w)'", "'.'", "''"])}, ${pick(["'x'", "'%1%1'", "'%0'", "'%2'", "{a='A'}", 'string.upper'])}))`,
    () => `string.gsub(${str()}, ${pick(["'a'", "'%w'", "'(%w)'", "'.'", "''"])}, ${pick(["'x'", "'%1%1'", "'%0'", "{a='A'}", 'string.upper'])}, ${pick(['1', '0', '-1'])})`,
    () => `${str()} .. ${num()}`, () => `${num()} .. ''`, () => `${str()} + ${num()}`, () => `${cmp()} == ${cmp()}`, () => `${cmp()} < ${cmp()}`,
    () => `#${pick(['{1,2,3}', '{}', "'abc'", '{n=1}'])}`,
    () => `select('#', ${val()}, ${val()})`, () => `select(${pick(['1', '2', '-1', '0', '3'])}, 'a', 'b')`,
    () => `type(${val()})`, () => 'unpack({1, 2, 3})', () => 'unpack({1, 2, 3}, 2)', () => 'table.unpack', () => 'table.getn and table.getn({1,2}) or -1',
    () => `table.concat({1, 2.5, 'x'}, ${pick(["','", "''", '1'])})`, () => 'table.concat({1, {}, 3})',
    () => '(function() local t = {3, 1, 2} table.sort(t) return t end)()', () => '(function() local t = {\'b\', \'a\', \'C\'} table.sort(t, function(a, b) return a > b end) return t end)()',
    () => '(function() local t = {} table.insert(t, 1) table.insert(t, 1, 2) return t end)()', () => 'table.remove({1, 2, 3})', () => 'table.maxn and table.maxn({1, 2, [10] = 3}) or -1',
    () => 'math.random and 1', () => 'string.format(\'%s %s\', 1, 2.5)', () => 'tostring(nil) .. tostring(true)',
    () => `${val()}`, () => `{${val()}, ${val()}}`, () => `bit.tohex(${pick(['255', '-1', '65535', '2^32'])})`, () => `bit.bor(${num()}, 1)`, () => `bit.lshift(1, ${pick(['31', '32', '33', '-1'])})`,
    () => `cjson.encode(${pick(['{1, 2, 3}', '{a = 1}', '{}', "'x'", '1/3', '1e300', '{[1] = 1, [3] = 3}', '{true, false}', '-0', '2^53', '{{}}'])})`,
    () => `cjson.decode(${pick(["'[1,2,3]'", "'{\"a\":1.5}'", "'1e400'", "'\"\\\\u00e9\"'", "'[1,'", "'[]'", "'123456789012345678'"])})`,
    () => `redis.call('incrbyfloat', 'f', ${pick(["'0.1'", "'1e20'", "'3'", "'-0.5'"])})`, () => `redis.call('set', 'n', ${num()})`, () => 'redis.call(\'get\', \'n\')',
    () => `redis.call('rpush', 'l', ${num()}, ${str()})`, () => 'redis.call(\'lrange\', \'l\', 0, -1)', () => `redis.call('zadd', 'z', ${num()}, 'm')`, () => 'redis.call(\'zscore\', \'z\', \'m\')',
    () => `pcall(error, ${pick(["'msg'", '{}', 'nil', '5'])})`, () => 'pcall(string.rep)', () => 'select(2, pcall(function() return nil + 1 end))',
    () => 'select(2, pcall(function() local x = {} return x.y.z end))', () => 'select(2, pcall(string.format, \'%d\', \'x\'))',
  ];
  const script = () => {
    const e = pick(exprs)();
    return pick([`return ${e}`, `return {${e}}`, `local r = ${e}; return type(r)`, `return tostring(${e})`]);
  };
  return ['EVAL', script(), '1', 'k', pick(['1', 'abc', '2.5', '', '-3'])];
};
