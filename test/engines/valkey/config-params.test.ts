import { Config } from '../../../src/engines/valkey/server/config';

/** What the differential suite cannot compare: redis-server can turn AOF on, our engine cannot. */
describe('Config: persistence and client-eviction parameters', () => {
  test('appendonly yes fails as a failed AOF start and leaves the value unchanged', () => {
    const c = new Config();
    expect(c.setMany([['appendonly', 'yes']])).toBe("CONFIG SET failed (possibly related to argument 'appendonly') - Unable to turn on AOF. Check server logs.");
    expect(c.get('appendonly')).toBe('no');
    expect(c.setMany([['appendonly', 'no']])).toBeUndefined();
  });

  test('a rejected save value in a multi-parameter CONFIG SET changes nothing', () => {
    const c = new Config();
    expect(c.setMany([['save', '60 1'], ['maxmemory-clients', '5%']])).toBeUndefined();
    expect(c.setMany([['maxmemory-clients', '1mb'], ['save', '60']])).toBe("CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters");
    expect(c.get('save')).toBe('60 1');
    expect(c.get('maxmemory-clients')).toBe('5%');
  });

  test('save changes beyond 32 bits wrap as redis stores them in an int', () => {
    const c = new Config();
    expect(c.setMany([['save', '99999999999999999999 4294967297']])).toBeUndefined();
    expect(c.get('save')).toBe('9223372036854775807 1');
  });
});
