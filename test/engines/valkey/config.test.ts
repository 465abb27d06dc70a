import { TestEngine } from './support/engine';
import { Config, ConfigError, parseMemory } from '../../../src/engines/valkey/server/config';

describe('Config', () => {
  test('defaults, aliases and formatted values', () => {
    const c = new Config();
    expect(c.get('maxmemory-policy')).toBe('noeviction');
    expect(c.get('lua-time-limit')).toBe('5000');
    expect(c.get('busy-reply-threshold')).toBe('5000');
    expect(c.get('hash-max-ziplist-entries')).toBe('512');
    expect(c.get('client-output-buffer-limit')).toBe('normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60');
    expect(c.get('nosuch')).toBeUndefined();
  });

  test('initial values use redis.conf parsing and reject bad input', () => {
    const c = new Config({ 'maxmemory': '2gb', 'notify-keyspace-events': 'Ex', 'hz': '1000' });
    expect(c.num('maxmemory')).toBe(2 * 1024 * 1024 * 1024);
    expect(c.get('notify-keyspace-events')).toBe('xE');
    expect(c.num('hz')).toBe(500);
    expect(() => new Config({ 'maxmemory-policy': 'lru' })).toThrow(ConfigError);
    expect(() => new Config({ nosuch: '1' })).toThrow("Unknown option or number of arguments for CONFIG SET - 'nosuch'");
  });

  test('setMany is all or nothing', () => {
    const c = new Config();
    expect(c.setMany([['hz', '20'], ['maxmemory', 'abc']])).toBe("CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value");
    expect(c.num('hz')).toBe(10);
    expect(c.setMany([['hz', '20'], ['maxmemory', '1mb']])).toBeUndefined();
    expect(c.num('hz')).toBe(20);
  });

  test('immutable parameters can be set only at start', () => {
    expect(new Config({ databases: '4' }).num('databases')).toBe(4);
    expect(new Config().setMany([['databases', '4']])).toBe("CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config");
  });

  test('listeners run after a change', () => {
    const c = new Config();
    const seen: unknown[] = [];
    c.onChange('lua-time-limit', (v) => seen.push(v));
    c.set('busy-reply-threshold', '100');
    expect(seen).toEqual([100]);
  });

  test('glob patterns match names and aliases, case-insensitively', () => {
    const c = new Config();
    const names = c.getMatching(['*-ZIPLIST-entries']).map(([n]) => n).sort();
    expect(names).toEqual(['hash-max-ziplist-entries', 'zset-max-ziplist-entries']);
  });

  test('memory units', () => {
    expect(parseMemory('1k')).toBe(1000);
    expect(parseMemory('1KB')).toBe(1024);
    expect(parseMemory('3mb')).toBe(3 * 1024 * 1024);
    expect(parseMemory('2g')).toBe(2e9);
    expect(parseMemory('10b')).toBe(10);
    expect(parseMemory('-1')).toBeUndefined();
    expect(parseMemory('1.5gb')).toBeUndefined();
    expect(parseMemory('1tb')).toBeUndefined();
  });

  test('the engine follows CONFIG SET at run time', () => {
    const e = new TestEngine();
    e.run('CONFIG', 'SET', 'proto-max-bulk-len', '2mb');
    expect(e.server.protoMaxBulkLen).toBe(2 * 1024 * 1024);
    expect(e.run('SETRANGE', 'k', String(3 * 1024 * 1024), 'x')).toEqual(new Error('ERR string exceeds maximum allowed size (proto-max-bulk-len)'));
    e.run('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
    e.run('SET', 'k', 'v');
    expect(typeof e.run('OBJECT', 'FREQ', 'k')).toBe('bigint');
  });
});

describe('server controls for the simulator', () => {
  test('disabled and renamed commands', () => {
    const e = new TestEngine({ disabledCommands: ['flushall'], renamedCommands: { config: 'secretconfig' } });
    expect(e.run('FLUSHALL')).toEqual(new Error("ERR unknown command 'FLUSHALL', with args beginning with: "));
    expect(e.run('CONFIG', 'GET', 'hz')).toBeInstanceOf(Error);
    expect(e.run('SECRETCONFIG', 'GET', 'hz')).toEqual(['hz', '10']);
    expect(e.run('COMMAND', 'COUNT')).toBe(BigInt(e.server.commands.count));
  });

  test('the emulated version selects commands and is reported', () => {
    const old = new TestEngine({ version: '7.0.15' });
    const current = new TestEngine({ version: '7.2.4' });
    expect(old.run('CLIENT', 'SETINFO', 'LIB-NAME', 'x')).toBeInstanceOf(Error);
    expect(current.run('CLIENT', 'SETINFO', 'LIB-NAME', 'x')).toBe('OK');
    expect(current.run('INFO', 'server')).toMatch(/redis_version:7\.2\.4\r\n/);
  });

  test('requirepass', () => {
    const e = new TestEngine({ config: { requirepass: 'secret' } });
    const c = e.newClient();
    c.authenticated = false;
    expect(e.runAs(c, 'GET', 'k')).toEqual(new Error('NOAUTH Authentication required.'));
    expect(e.runAs(c, 'AUTH', 'wrong')).toEqual(new Error('WRONGPASS invalid username-password pair or user is disabled.'));
    expect(e.runAs(c, 'AUTH', 'secret')).toBe('OK');
    expect(e.runAs(c, 'GET', 'k')).toBeNull();
  });
});

describe('parameters as each emulated release has them', () => {
  const lazy = ['lazyfree-lazy-eviction', 'lazyfree-lazy-expire', 'lazyfree-lazy-server-del', 'lazyfree-lazy-user-del', 'lazyfree-lazy-user-flush', 'replica-lazy-flush'];

  test('Valkey 8 frees lazily by default, reads on its I/O threads and caps maxmemory-samples at 64', () => {
    const redis = new Config({}, { version: '7.2.4' });
    const valkey8 = new Config({}, { version: '7.2.4', valkeyVersion: '8.0.1' });
    for (const name of lazy) {
      expect([name, redis.get(name)]).toEqual([name, 'no']);
      expect([name, valkey8.get(name)]).toEqual([name, 'yes']);
    }
    expect(valkey8.bool('lazyfree-lazy-expire')).toBe(true);
    expect(redis.get('io-threads-do-reads')).toBe('no');
    expect(valkey8.get('io-threads-do-reads')).toBe('yes');
    expect(redis.setMany([['maxmemory-samples', '65']])).toBeUndefined();
    expect(valkey8.setMany([['maxmemory-samples', '65']])).toBe("CONFIG SET failed (possibly related to argument 'maxmemory-samples') - argument must be between 1 and 64 inclusive");
    expect(valkey8.setMany([['maxmemory-samples', '64']])).toBeUndefined();
  });

  test('parameters Valkey 8 added exist only there', () => {
    const redis = new Config({}, { version: '7.2.4' });
    const valkey8 = new Config({}, { version: '7.2.4', valkeyVersion: '8.0.1' });
    for (const [name, value] of [['max-new-connections-per-cycle', '10'], ['max-new-tls-connections-per-cycle', '1'], ['hide-user-data-from-log', 'yes']]) {
      expect(redis.get(name)).toBeUndefined();
      expect(redis.setMany([[name, value]])).toBe(`Unknown option or number of arguments for CONFIG SET - '${name}'`);
      expect(valkey8.get(name)).toBe(value);
    }
    expect(valkey8.setMany([['max-new-connections-per-cycle', '0']])).toBe("CONFIG SET failed (possibly related to argument 'max-new-connections-per-cycle') - argument must be between 1 and 1000 inclusive");
  });

  test('loglevel nothing came with 7.2', () => {
    expect(new Config({}, { version: '7.0.15' }).setMany([['loglevel', 'nothing']])).toBe(
      "CONFIG SET failed (possibly related to argument 'loglevel') - argument(s) must be one of the following: debug, verbose, notice, warning");
    const c = new Config({}, { version: '7.2.4' });
    expect(c.setMany([['loglevel', 'NOTHING']])).toBeUndefined();
    expect(c.get('loglevel')).toBe('nothing');
  });
});

describe('loglevel decides which lines are written', () => {
  test('Lua log lines at each level against loglevel', () => {
    const lines: string[] = [];
    const e = new TestEngine({ logger: (line) => lines.push(line) });
    const logAll = "redis.log(redis.LOG_DEBUG, 'd') redis.log(redis.LOG_VERBOSE, 'v') redis.log(redis.LOG_NOTICE, 'n') redis.log(redis.LOG_WARNING, 'w')";
    const written = (level: string) => {
      lines.length = 0;
      expect(e.run('CONFIG', 'SET', 'loglevel', level)).toBe('OK');
      e.run('EVAL', logAll, '0');
      return [...lines];
    };
    expect(written('notice')).toEqual(['n', 'w']);
    expect(written('debug')).toEqual(['d', 'v', 'n', 'w']);
    expect(written('verbose')).toEqual(['v', 'n', 'w']);
    expect(written('warning')).toEqual(['w']);
    expect(written('nothing')).toEqual([]);
  });
});
