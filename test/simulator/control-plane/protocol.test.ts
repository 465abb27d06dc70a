/**
 * The Query protocol, signatures and pagination: the SDK signs with configured credentials (wrong
 * secrets and unknown keys are refused with the service's codes), unknown actions and bad
 * parameters fail as the service fails, and Marker pages walk a long list.
 */
import { DescribeCacheClustersCommand, DescribeEventsCommand, paginateDescribeCacheClusters } from '@aws-sdk/client-elasticache';
import { failure, sdkClient, startSimulator } from './support';
import type { Simulator } from '../../../src';

let sim: Simulator;
beforeAll(async () => {
  // Seven node groups of three nodes: 21 member clusters, more than one 20-record page.
  sim = await startSimulator({
    Big: {
      Type: 'AWS::ElastiCache::ReplicationGroup',
      Properties: {
        ReplicationGroupId: 'big',
        ReplicationGroupDescription: 'big',
        Engine: 'valkey',
        CacheNodeType: 'cache.t3.small',
        CacheParameterGroupName: 'default.valkey8.cluster.on',
        EngineVersion: '8.0',
        NumNodeGroups: 7,
        ReplicasPerNodeGroup: 2,
        AutomaticFailoverEnabled: true,
      },
    },
  }, { credentials: { AKIDSIMULATOR: 'simulator-secret' } });
});
afterAll(async () => {
  await sim?.stop();
});

const good = { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator-secret' };

test('SigV4: the configured credentials are accepted; a wrong secret or an unknown key is refused with 403', async () => {
  const ok = await sdkClient(sim, 'us-east-1', good).send(new DescribeCacheClustersCommand({ MaxRecords: 20 }));
  expect(ok.CacheClusters).toHaveLength(20);
  expect(await failure(sdkClient(sim, 'us-east-1', { ...good, secretAccessKey: 'wrong' }).send(new DescribeCacheClustersCommand({}))))
    .toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
  expect(await failure(sdkClient(sim, 'us-east-1', { accessKeyId: 'AKIDOTHER', secretAccessKey: 'x' }).send(new DescribeCacheClustersCommand({}))))
    .toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
  const unsigned = await fetch(`${sim.controlPlaneEndpoint}/?Action=DescribeCacheClusters&Version=2015-02-02`);
  expect(unsigned.status).toBe(403);
  expect(await unsigned.text()).toContain('<Code>MissingAuthenticationToken</Code>');
});

test('Marker pagination walks every member cluster exactly once; page sizes outside 20-100 are refused', async () => {
  const client = sdkClient(sim, 'us-east-1', good);
  const ids: string[] = [];
  for await (const page of paginateDescribeCacheClusters({ client, pageSize: 20 }, {})) {
    ids.push(...page.CacheClusters!.map((c) => c.CacheClusterId!));
  }
  expect(ids).toHaveLength(21);
  expect(new Set(ids).size).toBe(21);
  expect(ids).toContain('big-0007-003');
  expect(await failure(client.send(new DescribeCacheClustersCommand({ MaxRecords: 19 })))).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
  expect(await failure(client.send(new DescribeCacheClustersCommand({ MaxRecords: 101 })))).toMatchObject({ name: 'InvalidParameterValueException' });
  expect(await failure(client.send(new DescribeCacheClustersCommand({ Marker: 'not-a-marker' })))).toMatchObject({ name: 'InvalidParameterValueException' });
  expect(await failure(client.send(new DescribeEventsCommand({ SourceType: 'nonsense' as never })))).toMatchObject({ name: 'InvalidParameterValueException' });
});

test('requests in another region see that region only', async () => {
  const other = await sdkClient(sim, 'eu-west-1', good).send(new DescribeCacheClustersCommand({}));
  expect(other.CacheClusters).toEqual([]);
});

test('an unknown action fails as the service fails', async () => {
  const open = await startSimulator();
  try {
    const response = await fetch(`${open.controlPlaneEndpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeEverything&Version=2015-02-02',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('<Code>InvalidAction</Code>');
    expect(text).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId>/);
    const wrongVersion = await fetch(`${open.controlPlaneEndpoint}/?Action=DescribeCacheClusters&Version=2012-01-01`);
    expect(await wrongVersion.text()).toContain('<Code>InvalidParameterValue</Code>');
  } finally {
    await open.stop();
  }
});
