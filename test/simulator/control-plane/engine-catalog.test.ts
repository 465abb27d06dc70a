/**
 * DescribeCacheEngineVersions and DescribeEngineDefaultParameters through the real SDK: the
 * catalog's versions and families, the filters, and Marker paging (the SDK's paginators).
 */
import {
  DescribeCacheEngineVersionsCommand, DescribeEngineDefaultParametersCommand, ElastiCacheClient,
  paginateDescribeCacheEngineVersions, paginateDescribeEngineDefaultParameters, Parameter,
} from '@aws-sdk/client-elasticache';
import { failure, sdkClient, startSimulator } from './support';
import type { Simulator } from '../../../src';
import { allEngineVersions, findParameterFamily } from '../../../src/catalog/internal';

let sim: Simulator;
let client: ElastiCacheClient;
beforeAll(async () => {
  sim = await startSimulator();
  client = sdkClient(sim);
});
afterAll(async () => {
  await sim?.stop();
});

test('engine versions: every offered version with its family, filtered by engine, version, family and DefaultOnly', async () => {
  const all = [];
  for await (const page of paginateDescribeCacheEngineVersions({ client, pageSize: 20 }, {})) all.push(...page.CacheEngineVersions!);
  const offered = allEngineVersions().filter((v) => !v.deprecated);
  expect(all).toHaveLength(offered.length);
  expect(new Set(all.map((v) => `${v.Engine} ${v.EngineVersion} ${v.CacheParameterGroupFamily}`)))
    .toEqual(new Set(offered.map((v) => `${v.engine} ${v.version} ${v.parameterGroupFamily}`)));

  const valkey = await client.send(new DescribeCacheEngineVersionsCommand({ Engine: 'valkey' }));
  expect(valkey.CacheEngineVersions!.length).toBeGreaterThan(0);
  expect(valkey.CacheEngineVersions!.every((v) => v.Engine === 'valkey' && v.CacheEngineDescription === 'Valkey')).toBe(true);

  const one = await client.send(new DescribeCacheEngineVersionsCommand({ Engine: 'redis', EngineVersion: '6.2' }));
  expect(one.CacheEngineVersions).toEqual([expect.objectContaining({ Engine: 'redis', EngineVersion: '6.2', CacheParameterGroupFamily: 'redis6.x' })]);

  const family = await client.send(new DescribeCacheEngineVersionsCommand({ CacheParameterGroupFamily: 'redis6.x' }));
  expect(family.CacheEngineVersions!.every((v) => v.CacheParameterGroupFamily === 'redis6.x')).toBe(true);
  expect(family.CacheEngineVersions!.length).toBeGreaterThan(1);

  const defaults = await client.send(new DescribeCacheEngineVersionsCommand({ CacheParameterGroupFamily: 'redis6.x', DefaultOnly: true }));
  expect(defaults.CacheEngineVersions).toHaveLength(1);
  expect(defaults.CacheEngineVersions![0].EngineVersion).toBe('6.2');

  expect(await failure(client.send(new DescribeCacheEngineVersionsCommand({ Engine: 'oracle' })))).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
  expect(await failure(client.send(new DescribeCacheEngineVersionsCommand({ CacheParameterGroupFamily: 'redis99' })))).toMatchObject({ name: 'InvalidParameterValueException' });
  expect(await failure(client.send(new DescribeCacheEngineVersionsCommand({ MaxRecords: 5 })))).toMatchObject({ name: 'InvalidParameterValueException' });
});

test('engine default parameters: the family\'s parameters and defaults, system source, paged in the EngineDefaults wrapper', async () => {
  const pages = [];
  for await (const page of paginateDescribeEngineDefaultParameters({ client, pageSize: 20 }, { CacheParameterGroupFamily: 'valkey7' })) pages.push(page.EngineDefaults!);
  expect(pages.length).toBeGreaterThan(1);
  expect(pages.every((p) => p.CacheParameterGroupFamily === 'valkey7')).toBe(true);
  expect(pages.slice(0, -1).every((p) => p.Marker !== undefined)).toBe(true);
  expect(pages[pages.length - 1].Marker).toBeUndefined();
  const parameters: Parameter[] = pages.flatMap((p) => p.Parameters ?? []);
  const catalog = findParameterFamily('valkey7')!.parameters.filter((p) => !p.nodeTypeSpecific);
  expect(parameters.map((p) => p.ParameterName)).toEqual(catalog.map((p) => p.name));
  const policy = parameters.find((p) => p.ParameterName === 'maxmemory-policy')!;
  const expected = catalog.find((p) => p.name === 'maxmemory-policy')!;
  expect(policy).toMatchObject({
    ParameterValue: expected.defaultValue,
    Source: 'system',
    DataType: expected.dataType,
    IsModifiable: expected.modifiable,
    ChangeType: expected.changeType,
    Description: expected.description,
  });
  expect(pages[0].CacheNodeTypeSpecificParameters!.map((p) => p.ParameterName)).toContain('maxmemory');

  const memcached = await client.send(new DescribeEngineDefaultParametersCommand({ CacheParameterGroupFamily: 'memcached1.6' }));
  expect(memcached.EngineDefaults!.Parameters!.some((p) => p.ParameterName === 'chunk_size')).toBe(true);
  expect(await failure(client.send(new DescribeEngineDefaultParametersCommand({ CacheParameterGroupFamily: 'nope1' })))).toMatchObject({ name: 'InvalidParameterValueException' });
});
