import { describeWithDocs, seedLine, seedRange, seedRefs } from './doc-sources';
import { ENGINE_VERSIONS } from '../../src/catalog/data/engine-versions';

const versionsOf = (engine: string) => ENGINE_VERSIONS.filter((v) => v.engine === engine).map((v) => v.version);

describeWithDocs('engine versions against the documentation', () => {
  test('every Memcached version of the seed list (000:L5913-5923) is in the catalog, and no other', () => {
    const listed = seedRange('000', 5913, 5923)
      .map((l) => /Memcached version (\d+\.\d+\.\d+)/.exec(l.text)?.[1])
      .filter((v): v is string => v !== undefined);
    expect(listed).toHaveLength(11);
    expect([...versionsOf('memcached')].sort()).toEqual([...listed].sort());
  });

  test('every Redis version of the FAQ list (001:L548) is in the catalog', () => {
    const line = seedLine('001', 548);
    const listed = [...line.matchAll(/\b(\d+\.\d+\.\d+)\b/g)].map((m) => m[1]);
    expect(listed).toEqual(expect.arrayContaining(['4.0.10', '3.2.10', '2.6.13']));
    for (const v of listed) expect(versionsOf('redis')).toContain(v);
  });

  test('each row cites seed lines that mention its version', () => {
    for (const row of ENGINE_VERSIONS) {
      for (const ref of seedRefs(row.source)) {
        const text = seedLine(ref.file, ref.line);
        const mentionsVersion = text.includes(row.version);
        // 000:L556 is the comparison table row that makes versions before 4.0.10 deprecated.
        const isDeprecationRow = ref.file === '000' && ref.line === 556 && text.includes('4.0.10 and later');
        expect({ row: `${row.engine} ${row.version}`, ref: `${ref.file}:L${ref.line}`, ok: mentionsVersion || isDeprecationRow })
          .toEqual({ row: `${row.engine} ${row.version}`, ref: `${ref.file}:L${ref.line}`, ok: true });
      }
    }
  });

  test('serverless availability follows the FAQ (002:L79): Valkey 7.2, Memcached 1.6, Redis OSS 7.0 and above', () => {
    expect(seedLine('002', 79)).toMatch(/Valkey 7\.2, Memcached version 1\.6\.21, and Redis OSS version 7\.0 and above/);
    const serverless = (engine: string, version: string) =>
      ENGINE_VERSIONS.find((v) => v.engine === engine && v.version === version)!.features.serverless;
    expect(serverless('valkey', '7.2')).toBe(true);
    expect(serverless('memcached', '1.6.22')).toBe(true);
    expect(serverless('memcached', '1.5.16')).toBe(false);
    expect(serverless('redis', '7.0')).toBe(true);
    expect(serverless('redis', '6.2')).toBe(false);
  });

  test('Global Datastore and data tiering follow the FAQ (002:L426, 002:L470)', () => {
    expect(seedLine('002', 426)).toMatch(/version 7\.2 for Valkey and ElastiCache version 5\.0\.6 onward for Redis OSS/);
    expect(seedLine('002', 470)).toMatch(/Redis OSS versions 6\.2 and above/);
  });
});

describe('engine version rows', () => {
  test('versions are unique per engine and listed oldest first', () => {
    for (const engine of ['valkey', 'redis', 'memcached']) {
      const vs = versionsOf(engine);
      expect(new Set(vs).size).toBe(vs.length);
      const sorted = [...vs].sort((a, b) => a.split('.').map(Number).reduce((d, x, i) => d || x - Number(b.split('.')[i] ?? 0), 0));
      expect(vs).toEqual(sorted);
    }
  });

  test('counts: 5 Valkey, 20 Redis OSS, 11 Memcached versions', () => {
    expect(versionsOf('valkey')).toHaveLength(5);
    expect(versionsOf('redis')).toHaveLength(20);
    expect(versionsOf('memcached')).toHaveLength(11);
  });
});
