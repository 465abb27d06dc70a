/**
 * Geo behaviour outside the differential suite's view: GEOADD propagated as ZADD, store commands
 * propagated and notified, the partial sort against a full sort, number formats, and geohash
 * encoding round trips.
 */
import { recordPropagation } from './support/collections';
import { parseReplies, TestEngine } from './support/engine';
import { toPlain } from '../../../src/engines/resp';
import { formatFixed, formatHuman } from '../../../src/engines/valkey/types/geo/format';
import { decodeScore, geohashEncode, geohashScoreText, LAT_RANGE, LONG_RANGE } from '../../../src/engines/valkey/types/geo/geohash';
import { pqsort } from '../../../src/engines/valkey/types/geo/pqsort';

describe('geo propagation and events', () => {
  test('GEOADD propagates as ZADD with the geohash scores and its options', () => {
    const e = new TestEngine();
    const units = recordPropagation(e);
    e.run('GEOADD', 'g', 'CH', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania');
    e.run('GEOADD', 'g', 'NX', '13.361389', '38.115556', 'Palermo');
    e.run('GEOADD', 'g', '200', '0', 'bad');
    expect(units).toEqual([[['zadd', 'g', 'CH', '3479099956230698', 'Palermo', '3479447370796909', 'Catania']]]);
  });

  test('store forms propagate as sent and fire georadiusstore / geosearchstore', () => {
    const e = new TestEngine({ config: { 'notify-keyspace-events': 'Ezg' } });
    e.run('GEOADD', 'g', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania');
    const units = recordPropagation(e);
    const listener = e.newClient();
    e.server.pubsub.subscribe(listener, 'pattern', '__keyevent@*__:*');
    e.run('GEORADIUS', 'g', '15', '37', '200', 'km', 'STORE', 'd1');
    e.run('GEOSEARCHSTORE', 'd2', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'STOREDIST');
    e.run('GEOSEARCHSTORE', 'd2', 'g', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km');
    e.run('GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km');
    expect(units).toEqual([
      [['GEORADIUS', 'g', '15', '37', '200', 'km', 'STORE', 'd1']],
      [['GEOSEARCHSTORE', 'd2', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'STOREDIST']],
      [['GEOSEARCHSTORE', 'd2', 'g', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km']],
    ]);
    const events = parseReplies(listener.out.take()).map((v) => (toPlain(v) as string[]).slice(2).join(' '));
    expect(events).toEqual(['__keyevent@0__:georadiusstore d1', '__keyevent@0__:geosearchstore d2', '__keyevent@0__:del d2']);
  });
});

describe('partial sort', () => {
  test('the first k elements are the k smallest, in order, for random inputs', () => {
    let seed = 1;
    const next = () => {
      seed = (seed * 16807) % 2147483647;
      return seed;
    };
    for (let round = 0; round < 200; round++) {
      const n = 1 + (next() % 120);
      const values = Array.from({ length: n }, () => next() % 50);
      const k = 1 + (next() % n);
      const copy = values.slice();
      pqsort(copy, (a, b) => (a > b ? 1 : a === b ? 0 : -1), 0, k - 1);
      expect(copy.slice(0, k)).toEqual(values.slice().sort((a, b) => a - b).slice(0, k));
      expect(copy.slice().sort((a, b) => a - b)).toEqual(values.slice().sort((a, b) => a - b));
    }
  });
});

describe('geo number formats', () => {
  test('fixed decimals round exact ties to even, like printf', () => {
    expect(formatFixed(0.03125, 4)).toBe('0.0312');
    expect(formatFixed(0.09375, 4)).toBe('0.0938');
    expect(formatFixed(1.00005, 4)).toBe('1.0001');
    expect(formatFixed(-0, 4)).toBe('-0.0000');
    expect(formatFixed(0.0078125, 6)).toBe('0.007812');
    expect(formatFixed(1e22, 1)).toBe('10000000000000000000000.0');
    expect(formatFixed(Infinity, 6)).toBe('inf');
    expect(formatFixed(123.456789, 4)).toBe('123.4568');
  });

  test('coordinates print as %.17Lf without trailing zeros', () => {
    expect(formatHuman(13.361389338970184)).toBe('13.36138933897018433');
    expect(formatHuman(180)).toBe('180');
    expect(formatHuman(-0)).toBe('0');
    expect(formatHuman(0.5)).toBe('0.5');
  });
});

describe('geohash', () => {
  test('a point decodes to the center of its cell, within the cell size', () => {
    for (const [x, y] of [[13.361389, 38.115556], [-122.27652, 37.805186], [0, 0], [-179.9, -85], [179.9, 85]]) {
      const score = Number(geohashScoreText(x, y));
      const [dx, dy] = decodeScore(score);
      expect(Math.abs(dx - x)).toBeLessThan(360 / 2 ** 26);
      expect(Math.abs(dy - y)).toBeLessThan(170.2 / 2 ** 26);
      expect(geohashEncode(LONG_RANGE, LAT_RANGE, x, y, 26)!.bits).toBe(score);
    }
  });

  test('coordinates outside the Web-Mercator latitude range cannot be encoded', () => {
    expect(geohashScoreText(0, 86)).toBeUndefined();
    expect(geohashScoreText(181, 0)).toBeUndefined();
  });
});
