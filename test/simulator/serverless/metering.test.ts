/**
 * The metering rules on their own: ECPU dimensions, the ECPUPerSecond token bucket on a virtual
 * clock, the vCPU baseline, latency samples, payload counting, and the pieces of the proxies that
 * combine shards (SCAN cursors, stats, slot ranges, request framing).
 */
import { CpuBaseline, ecpuOf, EcpuThrottle, LatencyRecorder, ServerlessMeter } from '../../../src/simulator/metering';
import { frameRequest, metaKey } from '../../../src/simulator/runtime/serverless/memcached/request-framer';
import { aggregateStats } from '../../../src/simulator/runtime/serverless/memcached/stats';
import { sizingOf } from '../../../src/simulator/runtime/serverless/sizing';
import { rewriteScanReply, splitCursor, sumChannelCounts, unionArrays } from '../../../src/simulator/runtime/serverless/valkey/combined-replies';
import { evenSlotRanges } from '../../../src/simulator/runtime/serverless/valkey/internal-shards';
import { replyPayload, requestPayload } from '../../../src/simulator/runtime/serverless/valkey/request-metering';

const KB = 1024;

describe('ECPUs of a request', () => {
  test.each([
    ['a GET of up to 1 KB costs 1 ECPU', { items: 1, bytesIn: 3, bytesOut: 1000 }, 1],
    ['a 3.2 KB SET costs 3.2 ECPUs', { items: 1, bytesIn: 3.2 * KB, bytesOut: 0 }, 3.2],
    ['a multiget of 3 small items costs 3 ECPUs', { items: 3, bytesIn: 12, bytesOut: 30 }, 3],
    ['3 items and 3.2 KB cost 3.2 ECPUs', { items: 3, bytesIn: 0, bytesOut: 3.2 * KB }, 3.2],
    ['3 items and 2 KB cost 3 ECPUs', { items: 3, bytesIn: 0, bytesOut: 2 * KB }, 3],
    ['a request without keys or data still costs 1 ECPU', { items: 0, bytesIn: 0, bytesOut: 0 }, 1],
  ])('%s', (_name, usage, expected) => {
    expect(ecpuOf(usage).ecpu).toBeCloseTo(expected, 10);
  });

  test('the vCPU dimension is engine time over the GET/SET baseline, and counts when it is the highest', () => {
    const heavy = ecpuOf({ items: 1, bytesIn: 10, bytesOut: 8, cpuNanos: 50_000 }, 2_000);
    expect(heavy).toEqual({ items: 1, data: 18 / KB, cpu: 25, ecpu: 25 });
    expect(ecpuOf({ items: 1, bytesIn: 0, bytesOut: 4 * KB, cpuNanos: 4_000 }, 2_000).ecpu).toBe(4);
    expect(ecpuOf({ items: 1, bytesIn: 0, bytesOut: 0, cpuNanos: 4_000 }).ecpu).toBe(1);
  });
});

describe('the ECPUPerSecond maximum', () => {
  test('admits while the one-second bucket has ECPUs, throttles when it is empty, refills at the maximum rate', () => {
    let now = 0;
    const throttle = new EcpuThrottle(1000, () => now);
    let admitted = 0;
    while (throttle.admit()) {
      throttle.consume(1);
      admitted++;
    }
    expect(admitted).toBe(1000);
    now += 250;
    expect(throttle.available).toBeCloseTo(250, 6);
    now += 10_000;
    expect(throttle.available).toBe(1000);
  });

  test('a costly request may overdraw the bucket; the next ones wait for it to refill', () => {
    let now = 0;
    const throttle = new EcpuThrottle(1000, () => now);
    expect(throttle.admit()).toBe(true);
    throttle.consume(1500);
    expect(throttle.admit()).toBe(false);
    now += 500;
    expect(throttle.admit()).toBe(false);
    now += 1;
    expect(throttle.admit()).toBe(true);
  });

  test('without a maximum nothing is throttled', () => {
    const throttle = new EcpuThrottle(undefined);
    for (let i = 0; i < 10; i++) throttle.consume(1e9);
    expect(throttle.admit()).toBe(true);
  });

  test('the meter counts throttled requests and charges what ran', () => {
    let now = 0;
    const meter = new ServerlessMeter({
      clusterId: 'c',
      engine: 'valkey',
      ecpuPerSecondMax: 1000,
      clock: () => now,
      engineFigures: () => ({ bytesUsedForCache: 0, currItems: 0, cacheHits: 0, cacheMisses: 0, evictions: 0, reclaimed: 0 }),
    });
    let throttled = 0;
    for (let i = 0; i < 1500; i++) {
      if (!meter.admit()) {
        throttled++;
        continue;
      }
      meter.record({ usage: { items: 1, bytesIn: 5, bytesOut: 5 }, types: ['GetTypeCmds'], latency: { kind: 'read', micros: 10 } });
    }
    const snapshot = meter.snapshot();
    expect(throttled).toBe(500);
    expect(snapshot).toMatchObject({ throttledCmds: 500, totalCmdsCount: 1000, elastiCacheProcessingUnits: 1000, clusterId: 'c' });
    expect(snapshot.commandTypes.GetTypeCmds).toEqual({ count: 1000, ecpus: 1000 });
    expect(meter.drainLatency().readCount).toBe(1000);
    expect(meter.drainLatency().readCount).toBe(0);
  });
});

describe('the vCPU baseline', () => {
  test('is the median of recent simple GET/SET times, never below its floor', () => {
    const baseline = new CpuBaseline(1000);
    expect(baseline.nanos).toBe(1000);
    for (const n of [500, 600, 700]) baseline.observe(n);
    expect(baseline.nanos).toBe(1000);
    for (let i = 0; i < 300; i++) baseline.observe(i % 2 === 0 ? 4000 : 6000);
    expect([4000, 6000]).toContain(baseline.nanos);
  });
});

describe('latency samples', () => {
  test('are kept per kind until drained; the reservoir is bounded', () => {
    const recorder = new LatencyRecorder();
    for (let i = 0; i < 120_000; i++) recorder.record('write', i);
    recorder.record('read', 7);
    const drained = recorder.drain();
    expect(drained.read).toEqual([7]);
    expect(drained.writeCount).toBe(120_000);
    expect(drained.write.length).toBe(50_000);
  });
});

describe('payload bytes', () => {
  test('of a request: the arguments after the command name', () => {
    expect(requestPayload(['SET', 'key', 'value'])).toBe(8);
    expect(requestPayload(['PING'])).toBe(0);
  });

  test.each([
    ['a bulk string', '$5\r\nhello\r\n', 5],
    ['a nil bulk', '$-1\r\n', 0],
    ['a status', '+OK\r\n', 2],
    ['an integer', ':1234\r\n', 4],
    ['an array of bulks', '*3\r\n$1\r\na\r\n$-1\r\n$2\r\nbc\r\n', 3],
    ['a RESP3 map', '%1\r\n$3\r\nkey\r\n:7\r\n', 4],
    ['a bulk that contains CRLF', '$4\r\na\r\nb\r\n', 4],
    ['two replies (a push then a reply)', '>3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nm\r\n:1\r\n', 10],
  ])('of %s', (_name, reply, expected) => {
    expect(replyPayload(Buffer.from(reply, 'latin1'))).toBe(expected);
  });
});

describe('combined replies', () => {
  test('SCAN cursors walk the shards in turn', () => {
    expect(splitCursor('0', 2)).toEqual({ shard: 0, cursor: 0n });
    expect(splitCursor('9', 2)).toEqual({ shard: 1, cursor: 4n });
    expect(splitCursor('x', 2)).toBeUndefined();
    const reply = (cursor: string) => Buffer.from(`*2\r\n$${cursor.length}\r\n${cursor}\r\n*1\r\n$1\r\nk\r\n`, 'latin1');
    expect(rewriteScanReply(reply('5'), { shard: 1, cursor: 0n }, 2, 2).toString('latin1')).toBe('*2\r\n$2\r\n11\r\n*1\r\n$1\r\nk\r\n');
    expect(rewriteScanReply(reply('0'), { shard: 0, cursor: 3n }, 2, 2).toString('latin1')).toBe('*2\r\n$1\r\n1\r\n*1\r\n$1\r\nk\r\n');
    expect(rewriteScanReply(reply('0'), { shard: 1, cursor: 3n }, 2, 2).toString('latin1')).toBe('*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n');
  });

  test('PUBSUB SHARDCHANNELS unites, SHARDNUMSUB adds counts per channel', () => {
    const a = Buffer.from('*1\r\n$1\r\nx\r\n', 'latin1');
    const b = Buffer.from('*1\r\n$1\r\ny\r\n', 'latin1');
    expect(unionArrays([a, b], 2).toString('latin1')).toBe('*2\r\n$1\r\nx\r\n$1\r\ny\r\n');
    const n1 = Buffer.from('*4\r\n$1\r\nx\r\n:2\r\n$1\r\ny\r\n:0\r\n', 'latin1');
    const n2 = Buffer.from('*4\r\n$1\r\nx\r\n:0\r\n$1\r\ny\r\n:5\r\n', 'latin1');
    expect(sumChannelCounts([n1, n2], 2).toString('latin1')).toBe('*4\r\n$1\r\nx\r\n:2\r\n$1\r\ny\r\n:5\r\n');
    expect(sumChannelCounts([n1, n2], 3).toString('latin1')).toBe('%2\r\n$1\r\nx\r\n:2\r\n$1\r\ny\r\n:5\r\n');
  });

  test('memcached stats add counters up and keep process fields of the first shard', () => {
    const text = aggregateStats([
      { pid: '10', uptime: '5', curr_items: '3', bytes: '100', version: '1.6.22', curr_connections: '9' },
      { pid: '11', uptime: '6', curr_items: '4', bytes: '50', version: '1.6.22', curr_connections: '9' },
    ], { current: 2, total: 7 });
    expect(text).toBe('STAT pid 10\r\nSTAT uptime 5\r\nSTAT curr_items 7\r\nSTAT bytes 150\r\nSTAT version 1.6.22\r\nSTAT curr_connections 2\r\nEND\r\n');
  });
});

describe('internal shards and sizing', () => {
  test('slots are split evenly and contiguously', () => {
    expect(evenSlotRanges(2)).toEqual([{ start: 0, end: 8191 }, { start: 8192, end: 16383 }]);
    const three = evenSlotRanges(3);
    expect(three[0].start).toBe(0);
    expect(three[2].end).toBe(16383);
    expect(three[1].start).toBe(three[0].end + 1);
  });

  test('the DataStorage maximum becomes bytes (10^9 per GB unless scaled); shard counts are checked', () => {
    const model = { dataStorage: { maximum: 5, unit: 'GB' } } as Parameters<typeof sizingOf>[0];
    expect(sizingOf(model, {})).toEqual({ shards: 2, dataStorageMaxBytes: 5e9, bytesPerGigabyte: 1e9 });
    expect(sizingOf(model, { shards: 4, bytesPerGigabyte: 1000 })).toEqual({ shards: 4, dataStorageMaxBytes: 5000, bytesPerGigabyte: 1000 });
    expect(() => sizingOf(model, { shards: 0 })).toThrow('shards must be an integer from 1 to 16; got 0');
  });
});

describe('memcached request framing', () => {
  const frame = (text: string) => frameRequest(Buffer.from(text, 'latin1'), 0);

  test('a storage command takes its data block with it', () => {
    const result = frame('set k 0 0 5\r\nhello\r\nget k\r\n');
    expect('request' in result && result.request).toMatchObject({ kind: 'storage', command: 'set', dataLength: 5, tokens: ['set', 'k', '0', '0', '5'] });
    expect('used' in result && result.used).toBe(20);
  });

  test('a storage command waits for its whole data block', () => {
    expect(frame('set k 0 0 5\r\nhel')).toEqual({ incomplete: true, tooLong: false, looksLikeGet: false });
  });

  test('a storage command with a bad length goes alone (the engine refuses it)', () => {
    const result = frame('set k 0 0 abc\r\nhello\r\n');
    expect('request' in result && result.request.dataLength).toBe(0);
    expect('used' in result && result.used).toBe(15);
  });

  test('meta set takes its data; meta keys route by their decoded bytes', () => {
    const result = frame('ms k 2 T0\r\nhi\r\n');
    expect('request' in result && result.request).toMatchObject({ kind: 'meta', dataLength: 2 });
    expect(metaKey(['mg', Buffer.from('key').toString('base64'), 'b', 'v'])).toBe('key');
    expect(metaKey(['ms', 'plain', '2', 'T0'])).toBe('plain');
  });

  test('lines without a newline are too long past 2048 bytes, or 16 KB for gets', () => {
    expect(frame(`set ${'k'.repeat(3000)}`)).toMatchObject({ incomplete: true, tooLong: true });
    expect(frame(`get ${'k '.repeat(2000)}`)).toMatchObject({ incomplete: true, tooLong: false, looksLikeGet: true });
    expect(frame(`get ${'k '.repeat(9000)}`)).toMatchObject({ incomplete: true, tooLong: true, looksLikeGet: true });
  });
});
