/**
 * Real clients against our engine over TCP: ioredis (RESP2), node-redis (RESP2 and RESP3) and
 * redis-cli (commands, RESP3, --scan, --pipe mass insertion, --bigkeys).
 */
import { execFile, spawn } from 'child_process';
import { createClient } from 'redis';
import { useEngine, useIoredisPair } from './support/clients';
import { hasBinary } from '../../support/real-servers';

const engine = useEngine();

describe('ioredis', () => {
  const conn = useIoredisPair(engine);

  test('strings, counters and expiry', async () => {
    expect(await conn.client.set('k', 'v')).toBe('OK');
    expect(await conn.client.get('k')).toBe('v');
    expect(await conn.client.set('k', 'w', 'EX', 100, 'GET')).toBe('v');
    expect(await conn.client.ttl('k')).toBe(100);
    expect(await conn.client.incrby('n', 5)).toBe(5);
    expect(await conn.client.incrbyfloat('f', '10.5')).toBe('10.5');
    expect(await conn.client.mset({ a: '1', b: '2' })).toBe('OK');
    expect(await conn.client.mget('a', 'b', 'nokey')).toEqual(['1', '2', null]);
    expect(await conn.client.exists('a', 'b', 'nokey')).toBe(2);
  });

  test('binary keys and values', async () => {
    const key = Buffer.from([0, 1, 2, 255]);
    const value = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await conn.client.set(key, value);
    expect(await conn.client.getBuffer(key)).toEqual(value);
    expect(await conn.client.strlen(key)).toBe(256);
  });

  test('pipelines of many commands', async () => {
    const p = conn.client.pipeline();
    for (let i = 0; i < 5000; i++) p.set(`key:${i}`, String(i));
    for (let i = 0; i < 5000; i++) p.get(`key:${i}`);
    const results = await p.exec();
    expect(results).toHaveLength(10000);
    expect(results![9999]).toEqual([null, '4999']);
    expect(await conn.client.dbsize()).toBe(5000);
  });

  test('transactions and WATCH', async () => {
    expect(await conn.client.multi().set('t', '1').incr('t').get('t').exec()).toEqual([[null, 'OK'], [null, 2], [null, '2']]);
    await conn.client.watch('t');
    await conn.other.set('t', 'changed');
    expect(await conn.client.multi().set('t', 'mine').exec()).toBeNull();
    expect(await conn.client.get('t')).toBe('changed');
  });

  test('errors are reported', async () => {
    await expect(conn.client.call('NOSUCHCOMMAND', 'a')).rejects.toThrow("ERR unknown command 'NOSUCHCOMMAND', with args beginning with: 'a' ");
    await expect(conn.client.incr('f' + 'x').then(() => conn.client.set('s', 'abc')).then(() => conn.client.incr('s'))).rejects.toThrow('ERR value is not an integer or out of range');
  });

  test('scanStream visits every key', async () => {
    const p = conn.client.pipeline();
    for (let i = 0; i < 1000; i++) p.set(`s:${i}`, 'v');
    await p.exec();
    const seen = new Set<string>();
    await new Promise<void>((resolve, reject) => {
      const stream = conn.client.scanStream({ match: 's:*', count: 50 });
      stream.on('data', (keys: string[]) => keys.forEach((k) => seen.add(k)));
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    expect(seen.size).toBe(1000);
  });

  test('bitmaps', async () => {
    expect(await conn.client.setbit('b', 7, 1)).toBe(0);
    expect(await conn.client.bitcount('b')).toBe(1);
    expect(await conn.client.bitfield('bf', 'SET', 'i8', 0, 100, 'GET', 'i8', 0)).toEqual([0, 100]);
  });
});

describe.each([2, 3] as const)('node-redis RESP%i', (resp) => {
  let client: ReturnType<typeof createClient>;
  beforeAll(async () => {
    client = createClient({ socket: { port: engine.port, host: '127.0.0.1' }, RESP: resp, name: `suite-resp${resp}` });
    client.on('error', () => undefined);
    await client.connect();
  });
  afterAll(() => client.destroy());
  beforeEach(async () => {
    await client.flushAll();
  });

  test('connects with HELLO, names itself and reports its library', async () => {
    expect(await client.clientGetName()).toBe(`suite-resp${resp}`);
    const info = await client.clientInfo();
    expect(info.resp).toBe(resp);
    expect(info.libName).toMatch(/^node-redis/);
  });

  test('strings and keys', async () => {
    await client.set('k', 'v', { EX: 100 });
    expect(await client.get('k')).toBe('v');
    expect(await client.ttl('k')).toBe(100);
    expect(await client.type('k')).toBe('string');
    expect(await client.rename('k', 'k2')).toBe('OK');
    expect(await client.getDel('k2')).toBe('v');
    expect(await client.get('k2')).toBeNull();
    expect(await client.incrByFloat('f', 1.5)).toBe('1.5');
  });

  test('CONFIG GET and INFO', async () => {
    expect(await client.configGet('maxmemory*')).toMatchObject({ 'maxmemory': '0', 'maxmemory-policy': 'noeviction' });
    expect(await client.info('server')).toMatch(/redis_version:/);
  });

  test('MULTI and pipelines', async () => {
    const result = await client.multi().set('a', '1').incr('a').get('a').exec();
    expect(result).toEqual(['OK', 2, '2']);
    const batch = await Promise.all(Array.from({ length: 1000 }, (_, i) => client.set(`p${i}`, String(i))));
    expect(batch.every((r) => r === 'OK')).toBe(true);
    expect(await client.dbSize()).toBe(1001);
  });

  test('scanIterator', async () => {
    await Promise.all(Array.from({ length: 300 }, (_, i) => client.set(`it:${i}`, 'v')));
    const keys: string[] = [];
    for await (const page of client.scanIterator({ MATCH: 'it:*', COUNT: 37 })) keys.push(...page);
    expect(new Set(keys).size).toBe(300);
  });

  test('RESP-specific replies of raw commands', async () => {
    await client.set('k', 'v');
    const reply = await client.sendCommand(['CONFIG', 'GET', 'hz']);
    expect(reply).toEqual(resp === 3 ? { hz: '10' } : ['hz', '10']);
    expect(await client.sendCommand(['GET', 'nokey'])).toBeNull();
  });
});

function cli(args: string[], input?: string): Promise<{ stdout: string; code: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-cli', ['-p', String(engine.port), ...args]);
    let stdout = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, code: code ?? -1 }));
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

const describeIfCli = hasBinary('redis-cli') ? describe : describe.skip;

describeIfCli('redis-cli', () => {
  beforeEach(async () => {
    await cli(['FLUSHALL']);
  });

  test('runs commands and prints replies', async () => {
    expect((await cli(['SET', 'k', 'hello world'])).stdout).toBe('OK\n');
    expect((await cli(['GET', 'k'])).stdout).toBe('hello world\n');
    expect((await cli(['--no-raw', 'GET', 'nokey'])).stdout).toBe('(nil)\n');
    expect((await cli(['--no-raw', 'NOSUCH'])).stdout).toMatch(/ERR unknown command 'NOSUCH'/);
  });

  test('RESP3 mode', async () => {
    await cli(['SET', 'k', '1']);
    expect((await cli(['-3', '--no-raw', 'CONFIG', 'GET', 'hz'])).stdout).toBe('1# "hz" => "10"\n');
  });

  test('--pipe mass insertion', async () => {
    const n = 100_000;
    let input = '';
    for (let i = 0; i < n; i++) input += `*3\r\n$3\r\nSET\r\n$${`key:${i}`.length}\r\nkey:${i}\r\n$${String(i).length}\r\n${i}\r\n`;
    const { stdout, code } = await cli(['--pipe'], input);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`errors: 0, replies: ${n}`));
    expect((await cli(['DBSIZE'])).stdout).toBe(`${n}\n`);
    expect((await cli(['GET', 'key:99999'])).stdout).toBe('99999\n');
  });

  test('--scan with a pattern', async () => {
    await cli(['MSET', 'a:1', 'x', 'a:2', 'y', 'b:1', 'z']);
    const { stdout } = await cli(['--scan', '--pattern', 'a:*']);
    expect(stdout.trim().split('\n').sort()).toEqual(['a:1', 'a:2']);
  });

  test('--bigkeys and --memkeys', async () => {
    await cli(['MSET', 'small', 'x', 'big', 'x'.repeat(1000)]);
    const big = await cli(['--bigkeys']);
    expect(big.stdout).toMatch(/Biggest string found '"?big"?' has 1000 bytes/);
    const mem = await cli(['--memkeys']);
    expect(mem.stdout).toMatch(/Biggest string found '"?big"?'/);
  });

  test('redis-benchmark talks to it', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      execFile('redis-benchmark', ['-p', String(engine.port), '-n', '2000', '-c', '5', '-t', 'set,get', '-q'], (err, stdout) => (err ? reject(err) : resolve(stdout)));
    });
    expect(out).toMatch(/SET: [\d.]+ requests per second/);
    expect(out).toMatch(/GET: [\d.]+ requests per second/);
  });
});
