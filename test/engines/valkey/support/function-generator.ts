/**
 * Random commands of the FUNCTION family for the fuzz (fuzz-families.test.ts): FUNCTION LOAD of
 * libraries valid and invalid (shebangs, names, engines, register_function forms and flags, code
 * that fails to compile or to run), FCALL/FCALL_RO of their functions, LIST, DELETE, FLUSH, STATS,
 * KILL, RESTORE of payloads dumped by redis-server 7.0 (valid, with a wrong checksum or version,
 * truncated) with each restore policy, and the same inside MULTI and from EVAL.
 *
 * FUNCTION DUMP is left out: it lists libraries in the order of a hash table seeded per process,
 * and its checksum covers that order (dump-restore tests compare one-library dumps instead).
 */
import { Generator, picker } from './family-generators';

/** FUNCTION DUMP payloads of redis-server 7.0.15 (RDB version 10): one library, two, none. */
const ONE = '\xf5@T#!lua name=rlib\nredis.register_function("rf", function(keys, args) return #args end)';
const TWO = '\xf5@P#!lua name=lib1\nredis.register_function("f1", function(keys, args) return 7 end)';
const PAYLOADS = [
  `${ONE}\n\x00\xb8\x9f\xefJM\x95\xf18`,
  `${ONE}${TWO}\n\x004\x8d\x83jc\x93\xa0y`,
  '\n\x00]\x9b\\@\x0f\x7f\xa2\xda',
  `${ONE}\n\x00\xb8\x9f\xefJM\x95\xf19`,
  `${ONE}\x0b\x00\xb8\x9f\xefJM\x95\xf18`,
  '\n\x00]\x9b\\@\x0f\x7f\xa2',
];
/** Libraries of one function each: script flags, globals, the sandbox, errors raised and returned. */
const FLAG_BODIES = [
  "redis.register_function{function_name='g1', callback=function(k) return redis.call('SET', k[1], 'x') end, flags={'no-writes'}}",
  "redis.register_function{function_name='g2', callback=function(k) return redis.call('GET', k[1]) end, flags={}}",
  "redis.register_function{function_name='g3', callback=function(k) return redis.call('MGET', k[1], k[2]) end, flags={'allow-cross-slot-keys'}}",
  "redis.register_function{function_name='g4', callback=function(k) return redis.call('GET', 'undeclared') end, flags={'no-writes', 'allow-stale'}}",
  "redis.register_function{function_name='g5', callback=function(k, a) return {redis.call('PING'), redis.pcall('SET', k[1]), redis.setresp(3), redis.call('HGETALL', 'h'), redis.sha1hex('x')} end}",
  "redis.register_function{function_name='g1', callback=function() return redis.call('DEL', 'a') end, flags={'no-writes', 'no-writes'}}",
  "redis.register_function{function_name='g2', callback=function() return 1 end, flags={1}}",
  "redis.register_function{function_name='g3', callback=function() return 1 end, flags={'no-cluster'}, description='d'}",
  'redis.register_function{function_name=1, callback=function() return 1 end}',
  "redis.register_function{function_name='g4', callback=function() return redis.call('FUNCTION', 'STATS') end, flags={'allow-oom'}}",
  "gv = 1 redis.register_function('g1', function() return 1 end)",
  "local t = {} redis.register_function('g2', function() gv = 5 return 1 end)",
  "redis.register_function('g3', function() return undefinedvar end)",
  "redis.register_function('g4', function() return redis.register_function('zz', function() return 1 end) end)",
  "redis.register_function('g5', function() return {KEYS, ARGV} end)",
  "redis.register_function('g1', function() return redis.REDIS_VERSION end)",
  "redis.register_function('g2', function() return {type(os), type(os.time), type(loadstring), type(dofile), type(print), type(redis.breakpoint)} end)",
  "redis.register_function('g3', function() return redis.call('EVAL', 'return 1', 0) end)",
  "redis.register_function('g4', function() local ok, e = pcall(redis.call, 'INCR', 's') return {ok and 1 or 0, e} end)",
  "redis.register_function('g5', function(k, a) return redis.call('XADD', 'x', '1-1', 'f', a[1] or 'v') end)",
  "redis.register_function('g1', function() return redis.status_reply('NICE') end) redis.register_function('g2', function() return redis.error_reply('E2 no') end)",
  "redis.register_function('g3', function() error({err='CUSTOM x'}) end)",
  "redis.register_function('g4', function() error('plain') end)",
  "redis.register_function('g5', function() return redis.setresp(2) end) local x = redis.sha1hex('a')",
  "redis.log(redis.LOG_NOTICE, 'loading') redis.register_function('g1', function() return redis.call('TIME')[3] end)",
  "redis.register_function('g2', function() return cjson.encode({a=1}) .. bit.tohex(255) .. cmsgpack.pack(1) end)",
  "setmetatable(_G, nil) redis.register_function('g3', function() return 1 end)",
  "redis.register_function('g4', function() return _G.redis ~= nil end)",
  "redis.register_function('g5', function() return math.random(10) end)",
];
export const functionCommand: Generator = (rand) => {
  const pick = picker(rand);
  const lib = () => pick(['lib1', 'lib2', 'mylib', 'bad name', '', 'LIB1', 'l-_9']);
  const fname = () => pick(['f1', 'f2', 'ro', 'wr', 'nosuch', 'err', 'big', 'tbl', 'x y', '9f']);
  const body = () => pick([
    "redis.register_function('f1', function(keys, args) return redis.call('SET', keys[1], args[1] or 'v') end)",
    "redis.register_function('f2', function(keys, args) return {#keys, #args, keys[1], args[1]} end)",
    "redis.register_function{function_name='ro', callback=function(keys) return redis.call('GET', keys[1]) end, flags={'no-writes'}}",
    "redis.register_function{function_name='wr', callback=function(keys) return redis.call('INCR', keys[1]) end, flags={'no-writes'}}",
    "redis.register_function{function_name='err', callback=function() return redis.error_reply('MY bad') end, description='errs'}",
    "redis.register_function{function_name='big', callback=function() return 3.99 end, flags={'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'}}",
    "redis.register_function{function_name='tbl', callback=function() return {1, 'a', {2, 3}, redis.status_reply('OK')} end, flags={'bogus'}}",
    "redis.register_function('f1', function() return 1 end) redis.register_function('f1', function() return 2 end)",
    "redis.register_function('x y', function() return 1 end)",
    "redis.register_function('9f', function() return 1 end)",
    "redis.register_function('f3')",
    "redis.register_function{function_name='f4', callback=function() return 1 end, foo=1}",
    "redis.register_function{function_name='f5', callback='x'}",
    'redis.register_function{callback=function() return 1 end}',
    "redis.register_function('f1', function(keys) return redis.pcall('NOSUCH') end)",
    "redis.call('SET', 'a', 'b')",
    'return 1',
    'local x = ',
    "error('boom')",
    "redis.log(redis.LOG_WARNING, 'x') redis.register_function('f2', function() return redis.setresp(3) end)",
    "redis.register_function('f1', function(keys, args) return redis.call('LPUSH', keys[1], unpack(args)) end)",
    "redis.register_function('f6', function() return redis.call('FCALL', 'f1', 0) end)",
    "redis.register_function('f7', function() return redis.call('EVAL', 'return 1', 0) end)",
    "redis.register_function('f8', function() return redis.call('FUNCTION', 'LIST') end)",
    "redis.register_function('f2', function(keys) return redis.call('SELECT', 3) end)",
    "redis.register_function{function_name='f2', callback=function() return 1 end, flags='no-writes'}",
    "redis.register_function{function_name='f2', callback=function() return 1 end, description=5}",
    "redis.register_function('f2', function() return 1 end, 'extra')",
  ]);
  const code = () => pick([
    `#!lua name=${lib()}\n${body()}`,
    `#!lua name=${lib()}\n${body()}\n${body()}`,
    `#!lua name=${lib()} \n${body()}`,
    `#!lua\n${body()}`,
    `#!js name=${lib()}\n${body()}`,
    `#!lua name=${lib()} foo=bar\n${body()}`,
    `#!LUA name=${lib()}\n${body()}`,
    body(),
    `#!lua name=${lib()}`,
    '',
  ]);
  const key = () => pick(['a', 'b', 'l', 's']);
  const gens: (() => string[])[] = [
    () => ['FUNCTION', 'LOAD', code()],
    () => ['FUNCTION', 'LOAD', code()],
    () => ['FUNCTION', 'LOAD', 'REPLACE', code()],
    () => ['FUNCTION', 'LOAD', pick(['replace', 'FOO']), code()],
    () => ['FUNCTION', 'LOAD'],
    () => ['FCALL', fname(), pick(['0', '1', '2', '-1', 'x', '3']), key(), pick(['v', '1', 'x'])],
    () => ['FCALL', fname(), '1', key()],
    () => ['FCALL_RO', fname(), pick(['0', '1', '2']), key(), 'v'],
    () => ['FCALL'],
    () => ['FUNCTION', 'LIST', ...pick([[], ['WITHCODE'], ['LIBRARYNAME', pick(['lib*', 'mylib', '*', 'x'])], ['WITHCODE', 'LIBRARYNAME', 'lib?'], ['LIBRARYNAME'], ['FOO'], ['withcode', 'withcode']])],
    () => ['FUNCTION', 'DELETE', lib()],
    () => ['FUNCTION', 'DELETE'],
    () => ['FUNCTION', 'FLUSH', ...pick([[], ['ASYNC'], ['SYNC'], ['x']])],
    () => ['FUNCTION', 'STATS'],
    () => ['FUNCTION', 'KILL'],
    () => ['FUNCTION', pick(['HELP', 'NOSUCH', 'help'])],
    () => ['FUNCTION', 'RESTORE', pick(['bad', '', '\x00\x01', ...PAYLOADS]), ...pick([[], ['FLUSH'], ['APPEND'], ['REPLACE'], ['replace'], ['x'], ['FLUSH', 'x']])],
    () => ['FUNCTION', 'DUMP', 'x'],
    () => ['FCALL', pick(['rf', 'RF', 'f1']), pick(['0', '1']), 'a', 'b', 'c'],
    () => ['FCALL_RO', pick(['rf', 'ro', 'RO']), pick(['0', '1']), 'a', 'b'],
    () => ['FUNCTION', 'LOAD', `#!lua name=${lib()}\n${pick(FLAG_BODIES)}`],
    () => ['FCALL', pick(['g1', 'g2', 'g3', 'g4', 'g5']), pick(['0', '1', '2']), pick(['a', '{a}b']), pick(['b', '{a}c'])],
    () => ['FCALL_RO', pick(['g1', 'g2', 'g3', 'g4', 'g5']), pick(['0', '1']), 'a', 'b'],
    () => ['FUNCTION', 'STATS', 'x'], () => ['MULTI'], () => ['EXEC'], () => ['DISCARD'],
    () => ['EVAL', pick(["return redis.call('FUNCTION', 'LOAD', '#!lua name=z\\nredis.register_function(\\'z\\', function() return 1 end)')", "return redis.call('FCALL', 'g1', 0)", "return redis.call('FUNCTION', 'LIST')", "return redis.call('FUNCTION', 'DELETE', 'lib1')"]), '0'], () => ['FUNCTION', 'LIST', 'LIBRARYNAME', '*', 'LIBRARYNAME', 'x'],
    () => ['FUNCTION', 'DELETE', lib(), 'x'], () => ['FUNCTION', 'KILL', 'x'],
    () => ['FUNCTION', 'RESTORE', 'x', pick(['FLUSH', 'APPEND', 'REPLACE', 'foo'])],
    () => ['GET', key()], () => ['LRANGE', 'l', '0', '-1'], () => ['SET', 's', 'x'],
    () => ['EVAL', "return redis.call('FCALL', 'f2', 1, 'a', 'b')", '0'],
  ];
  return pick(gens)();
};
