import { describeWithDocs, seedLine, seedRange, seedRefs } from './doc-sources';
import { NODE_TYPES } from '../../src/catalog/data/node-types';

const byName = new Map(NODE_TYPES.map((n) => [n.name, n]));
const NAME = /cache\.[a-z0-9]+\.[a-z0-9]+/g;

/** T2 is listed as current in the seed, but the current page moves it to previous generation. */
const DOCUMENTED_GENERATION_CHANGES = new Set(['cache.t2.micro', 'cache.t2.small', 'cache.t2.medium']);

describeWithDocs('node types against the seed node list (000:L4927-4996)', () => {
  const list = seedRange('000', 4927, 4996);

  test('every node type the list names is in the catalog, with the list\'s generation', () => {
    let generation: 'current' | 'previous' = 'current';
    const seen: string[] = [];
    for (const { text } of list) {
      if (/Current generation/i.test(text)) generation = 'current';
      if (/Previous generation/i.test(text)) generation = 'previous';
      for (const name of text.match(NAME) ?? []) {
        seen.push(name);
        const row = byName.get(name);
        expect({ name, inCatalog: row !== undefined }).toEqual({ name, inCatalog: true });
        const expected = DOCUMENTED_GENERATION_CHANGES.has(name) ? 'previous' : generation;
        expect({ name, generation: row!.generation }).toEqual({ name, generation: expected });
      }
    }
    expect(seen.length).toBeGreaterThanOrEqual(70);
  });

  test('the Memcached minimum versions the list states hold for every type of those families', () => {
    // "M6g node types (available only for Memcached engine version 1.5.16 onward)." and the like.
    let pending: string | undefined;
    let checked = 0;
    for (const { text } of list) {
      const rule = /available only for Memcached engine version (\d+\.\d+\.\d+) onward/.exec(text);
      if (rule) pending = rule[1];
      const names = text.match(NAME) ?? [];
      if (pending && names.length > 0) {
        for (const name of names) {
          expect({ name, min: byName.get(name)!.minEngineVersion.memcached }).toEqual({ name, min: pending });
          checked++;
        }
        if (!text.trimEnd().endsWith(',')) pending = undefined;
      }
    }
    expect(checked).toBe(7 + 3 + 7 + 7); // m6g, t4g, r6g, c7gn
  });
});

describeWithDocs('node types against the seed bandwidth table (000:L5008-5091)', () => {
  test('baseline and burst bandwidth match every row that gives a figure', () => {
    let rows = 0;
    for (const { line, text } of seedRange('000', 5008, 5091)) {
      const cells = text.split('\t');
      if (!/^cache\./.test(cells[0])) continue;
      rows++;
      const row = byName.get(cells[0])!;
      const [base, burst] = cells.slice(-2).map((c) => (c === 'N/A' ? undefined : Number(c)));
      if (base !== undefined) expect({ line, name: row.name, base: row.baselineBandwidthGbps }).toEqual({ line, name: row.name, base });
      if (base !== undefined) expect({ line, name: row.name, burst: row.burstBandwidthGbps }).toEqual({ line, name: row.name, burst });
    }
    expect(rows).toBe(67);
  });
});

describeWithDocs('node types against the seed Memcached node-type table (000:L7471-7548)', () => {
  test('max_cache_memory and num_threads match every row', () => {
    let rows = 0;
    for (const { line, text } of seedRange('000', 7471, 7548)) {
      const m = /^(cache\.\S+)\t(\d+)\t(\d+)$/.exec(text.trim());
      if (!m) continue;
      rows++;
      const row = byName.get(m[1]);
      expect({ line, name: m[1], mb: row?.memcachedMaxCacheMemoryMb, threads: row?.memcachedNumThreads })
        .toEqual({ line, name: m[1], mb: Number(m[2]), threads: Number(m[3]) });
    }
    expect(rows).toBe(71);
  });
});

describeWithDocs('node types against the burstable table (000:L5109-5117)', () => {
  // The seed lost the type column; the rows follow the order of the current page: t4g, t3, t2 x micro, small, medium.
  const order = ['t4g.micro', 't4g.small', 't4g.medium', 't3.micro', 't3.small', 't3.medium', 't2.micro', 't2.small', 't2.medium'];
  test('vCPUs and network performance match; memory matches (t2.micro: 0.5 in the seed, 0.555 GiB in the node list of 001)', () => {
    seedRange('000', 5109, 5117).forEach(({ text }, i) => {
      const [, , vcpus, , memory, network] = text.split('\t');
      const row = byName.get(`cache.${order[i]}`)!;
      expect({ name: row.name, vCpus: row.vCpus, network: row.networkPerformanceText })
        .toEqual({ name: row.name, vCpus: Number(vcpus), network: network.trim() });
      if (row.name !== 'cache.t2.micro') expect({ name: row.name, memory: row.memoryGiB }).toEqual({ name: row.name, memory: Number(memory) });
    });
  });
});

describeWithDocs('node types against the FAQ memory list (001:L99-157)', () => {
  test('memory matches every listed type (GB as listed; MB figures converted to GiB by /1000)', () => {
    let rows = 0;
    for (const { line, text } of seedRange('001', 99, 157)) {
      const m = /(cache\.[a-z0-9]+\.[a-z0-9]+)`?: ([\d.]+) (GB|MB)/.exec(text);
      if (!m) continue;
      rows++;
      const expected = m[3] === 'MB' ? Number(m[2]) / 1000 : Number(m[2]);
      expect({ line, name: m[1], memory: byName.get(m[1])?.memoryGiB }).toEqual({ line, name: m[1], memory: expected });
    }
    expect(rows).toBe(42);
  });
});

describeWithDocs('node type sources', () => {
  test('every cited seed line names the node type', () => {
    for (const row of NODE_TYPES) {
      const refs = seedRefs(row.source);
      for (const ref of refs) {
        expect({ name: row.name, ref: `${ref.file}:L${ref.line}`, mentions: new RegExp(`${row.name.replace(/\./g, '\\.')}(?![\\w.])`).test(seedLine(ref.file, ref.line)) })
          .toEqual({ name: row.name, ref: `${ref.file}:L${ref.line}`, mentions: true });
      }
    }
  });
});

describe('node type rows', () => {
  test('names are unique and families match names', () => {
    expect(new Set(NODE_TYPES.map((n) => n.name)).size).toBe(NODE_TYPES.length);
    for (const n of NODE_TYPES) expect(n.name.split('.')[1]).toBe(n.family);
  });

  test('data tiering exactly on r6gd, burstable exactly on T families', () => {
    for (const n of NODE_TYPES) {
      expect({ name: n.name, dataTiering: n.dataTiering }).toEqual({ name: n.name, dataTiering: n.family === 'r6gd' });
      expect({ name: n.name, burstable: n.burstable }).toEqual({ name: n.name, burstable: n.family.startsWith('t') });
    }
  });

  test('every current-generation type runs Valkey 7.2, and only previous-generation types run nothing', () => {
    for (const n of NODE_TYPES) {
      if (n.generation === 'current') expect({ name: n.name, valkey: n.minEngineVersion.valkey }).toEqual({ name: n.name, valkey: '7.2' });
      else if (n.family !== 't2') expect({ name: n.name, engines: Object.keys(n.minEngineVersion) }).toEqual({ name: n.name, engines: [] });
    }
  });

  test('counts: 112 node types, 91 current generation', () => {
    expect(NODE_TYPES).toHaveLength(112);
    expect(NODE_TYPES.filter((n) => n.generation === 'current')).toHaveLength(91);
  });
});
