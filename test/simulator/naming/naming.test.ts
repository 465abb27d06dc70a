import { HostnameFormatter } from '../../../src/simulator/naming/hostnames';
import { generatedPhysicalName, identifierProblem } from '../../../src/simulator/naming/identifiers';
import { availabilityZonesOf, isRegionName, partitionOf, shortRegionCode, urlSuffixOf } from '../../../src/simulator/naming/regions';
import { SeededRandom } from '../../../src/simulator/template';

describe('regions', () => {
  test('short codes as ElastiCache puts them in hostnames', () => {
    expect(shortRegionCode('us-east-1')).toBe('use1');
    expect(shortRegionCode('us-west-2')).toBe('usw2');
    expect(shortRegionCode('ca-central-1')).toBe('cac1');
    expect(shortRegionCode('ap-southeast-2')).toBe('apse2');
    expect(shortRegionCode('ap-northeast-1')).toBe('apne1');
    expect(shortRegionCode('eu-central-2')).toBe('euc2');
    expect(shortRegionCode('us-gov-west-1')).toBe('usgw1');
    expect(shortRegionCode('cn-northwest-1')).toBe('cnnw1');
    expect(() => shortRegionCode('mars-1')).toThrow(/not a region name/);
  });

  test('partitions, URL suffixes, zones', () => {
    expect([partitionOf('cn-north-1'), urlSuffixOf('cn-north-1')]).toEqual(['aws-cn', 'amazonaws.com.cn']);
    expect([partitionOf('us-gov-east-1'), urlSuffixOf('us-gov-east-1')]).toEqual(['aws-us-gov', 'amazonaws.com']);
    expect([partitionOf('eu-west-3'), urlSuffixOf('eu-west-3')]).toEqual(['aws', 'amazonaws.com']);
    expect(availabilityZonesOf('us-west-1')).toEqual(['us-west-1a', 'us-west-1b']);
    expect(isRegionName('eu-south-2')).toBe(true);
    expect(isRegionName('europe')).toBe(false);
  });
});

describe('hostnames', () => {
  const names = new HostnameFormatter('us-east-1', 'amazonaws.com', 'abc123');
  const cn = new HostnameFormatter('cn-north-1', 'amazonaws.com.cn', 'abc123');

  test('Memcached configuration and node endpoints', () => {
    expect(names.memcachedConfiguration('mycluster')).toBe('mycluster.abc123.cfg.use1.cache.amazonaws.com');
    expect(names.cacheNode('mycluster', '0002')).toBe('mycluster.abc123.0002.use1.cache.amazonaws.com');
    expect(cn.memcachedConfiguration('m')).toBe('m.abc123.cfg.cnn1.cache.amazonaws.com.cn');
  });

  test('replication groups without TLS', () => {
    expect(names.primary('app', false)).toBe('app.abc123.ng.0001.use1.cache.amazonaws.com');
    expect(names.reader('app', false)).toBe('app-ro.abc123.ng.0001.use1.cache.amazonaws.com');
    expect(names.configuration('app', false)).toBe('app.abc123.clustercfg.use1.cache.amazonaws.com');
    expect(names.member('app', 'app-002', '0001', false)).toBe('app-002.abc123.0001.use1.cache.amazonaws.com');
    expect(names.member('app', 'app-0003-001', '0003', false)).toBe('app-0003-001.abc123.0003.use1.cache.amazonaws.com');
  });

  test('replication groups with TLS', () => {
    expect(names.primary('app', true)).toBe('master.app.abc123.use1.cache.amazonaws.com');
    expect(names.reader('app', true)).toBe('replica.app.abc123.use1.cache.amazonaws.com');
    expect(names.configuration('app', true)).toBe('clustercfg.app.abc123.use1.cache.amazonaws.com');
    expect(names.member('app', 'app-0001-002', '0001', true)).toBe('app-0001-002.app.abc123.use1.cache.amazonaws.com');
  });

  test('serverless', () => {
    expect(names.serverless('sessions')).toBe('sessions-abc123.serverless.use1.cache.amazonaws.com');
  });
});

describe('identifiers', () => {
  test('the ElastiCache grammar', () => {
    expect(identifierProblem('my-cache-1', 40)).toBeUndefined();
    expect(identifierProblem('1cache', 40)).toBe('must begin with a letter');
    expect(identifierProblem('a--b', 40)).toBe('cannot contain two consecutive hyphens');
    expect(identifierProblem('ab-', 40)).toBe('cannot end with a hyphen');
    expect(identifierProblem('a_b', 40)).toBe('must contain only ASCII letters, digits, and hyphens');
    expect(identifierProblem('a'.repeat(41), 40)).toBe('must contain from 1 to 40 alphanumeric characters or hyphens');
  });

  test('generated names: stack, logical id and a random tail, within the limit', () => {
    const random = new SeededRandom('seed');
    const name = generatedPhysicalName(random, 'MyStack', 'SessionCache', { maxLength: 40, lowerCase: true });
    expect(name).toMatch(/^mystack-sessioncache-[a-z0-9]{12}$/);
    expect(generatedPhysicalName(new SeededRandom('seed'), 'MyStack', 'SessionCache', { maxLength: 40, lowerCase: true })).toBe(name);
    const long = generatedPhysicalName(random, 'AVeryLongStackNameForTesting', 'AnEvenLongerLogicalIdThatGoesOn', { maxLength: 40, lowerCase: true });
    expect(long.length).toBeLessThanOrEqual(40);
    expect(identifierProblem(long, 40)).toBeUndefined();
    expect(long).toMatch(/^averylongstac[a-z]*-anevenlonger[a-z]*-[a-z0-9]{12}$/);
  });
});

describe('seeded randomness', () => {
  test('stable per seed and key, unbiased within bounds', () => {
    const random = new SeededRandom('x');
    expect(random.string('k', 'abc', 10)).toBe(new SeededRandom('x').string('k', 'abc', 10));
    expect(random.uuid('k')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const counts = [0, 0, 0];
    const stream = random.integers('dist', 3);
    for (let i = 0; i < 3000; i++) counts[stream.next().value as number]++;
    counts.forEach((c) => expect(c).toBeGreaterThan(850));
    expect(SeededRandom.newSeed()).not.toBe(SeededRandom.newSeed());
  });
});
