/**
 * Tags a CDK stack declares on its ElastiCache resources are listed by ListTagsForResource from the
 * start, and the tagging operations work on top of them.
 */
import {
  AddTagsToResourceCommand, DescribeCacheParameterGroupsCommand, ListTagsForResourceCommand, RemoveTagsFromResourceCommand,
} from '@aws-sdk/client-elasticache';
import { App, Stack, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { failure, sdkClient, startSimulator } from './support';
import type { Simulator } from '../../../src';

const ARN = 'arn:aws:elasticache:us-east-1:123456789012';

/** A stack with one of each taggable resource, tagged stack-wide and (the group) on its own. */
function taggedResources(): Record<string, unknown> {
  const stack = new Stack(new App(), 'Tagged');
  const user = new elasticache.CfnUser(stack, 'User', {
    userId: 'app-user', userName: 'app', engine: 'valkey', accessString: 'on ~* +@all', passwords: ['a-password-of-16+chars'],
  });
  const userGroup = new elasticache.CfnUserGroup(stack, 'UserGroup', { userGroupId: 'app-users', engine: 'valkey', userIds: [user.userId] });
  userGroup.addDependency(user);
  new elasticache.CfnParameterGroup(stack, 'Params', { cacheParameterGroupFamily: 'valkey8', description: 'tagged params' });
  new elasticache.CfnSubnetGroup(stack, 'Subnets', { cacheSubnetGroupName: 'tagged-subnets', description: 'tagged subnets', subnetIds: ['subnet-1'] });
  new elasticache.CfnReplicationGroup(stack, 'Group', {
    replicationGroupId: 'tagged-rg',
    replicationGroupDescription: 'tagged group',
    engine: 'valkey',
    cacheNodeType: 'cache.t3.small',
    numCacheClusters: 1,
    tags: [{ key: 'tier', value: 'gold' }],
  });
  new elasticache.CfnCacheCluster(stack, 'Memcached', { clusterName: 'tagged-mc', engine: 'memcached', cacheNodeType: 'cache.t3.small', numCacheNodes: 1 });
  new elasticache.CfnServerlessCache(stack, 'Serverless', { serverlessCacheName: 'tagged-sl', engine: 'valkey' });
  Tags.of(stack).add('team', 'payments');
  Tags.of(stack).add('env', 'test');
  return Template.fromStack(stack).toJSON().Resources;
}

const sorted = (tags: { Key?: string; Value?: string }[] | undefined) => [...(tags ?? [])].sort((a, b) => a.Key!.localeCompare(b.Key!));
const STACK_TAGS = [{ Key: 'env', Value: 'test' }, { Key: 'team', Value: 'payments' }];

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator(taggedResources());
});
afterAll(async () => {
  await sim?.stop();
});

test('every template resource lists its template tags', async () => {
  const client = sdkClient(sim);
  const { CacheParameterGroups } = await client.send(new DescribeCacheParameterGroupsCommand({}));
  const params = CacheParameterGroups!.find((g) => g.Description === 'tagged params')!;
  const arns = [
    `${ARN}:user:app-user`, `${ARN}:usergroup:app-users`, params.ARN!, `${ARN}:subnetgroup:tagged-subnets`,
    `${ARN}:cluster:tagged-mc`, `${ARN}:serverlesscache:tagged-sl`,
  ];
  for (const arn of arns) {
    const { TagList } = await client.send(new ListTagsForResourceCommand({ ResourceName: arn }));
    expect({ arn, tags: sorted(TagList) }).toEqual({ arn, tags: STACK_TAGS });
  }
  const group = await client.send(new ListTagsForResourceCommand({ ResourceName: `${ARN}:replicationgroup:tagged-rg` }));
  expect(sorted(group.TagList)).toEqual([...STACK_TAGS, { Key: 'tier', Value: 'gold' }]);
});

test('AddTagsToResource and RemoveTagsFromResource work on top of the template tags', async () => {
  const client = sdkClient(sim);
  const arn = `${ARN}:serverlesscache:tagged-sl`;
  const added = await client.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: 'team', Value: 'search' }, { Key: 'owner', Value: 'ana' }] }));
  expect(sorted(added.TagList)).toEqual([{ Key: 'env', Value: 'test' }, { Key: 'owner', Value: 'ana' }, { Key: 'team', Value: 'search' }]);
  const removed = await client.send(new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: ['env'] }));
  expect(sorted(removed.TagList)).toEqual([{ Key: 'owner', Value: 'ana' }, { Key: 'team', Value: 'search' }]);
  const listed = await client.send(new ListTagsForResourceCommand({ ResourceName: arn }));
  expect(sorted(listed.TagList)).toEqual(sorted(removed.TagList));
  expect(await failure(client.send(new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: ['env'] }))))
    .toMatchObject({ name: 'TagNotFoundFault' });
});

test('template tags are checked as the service checks them on create', async () => {
  const tags = (count: number) => Array.from({ length: count }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
  const subnetGroup = (given: unknown) => ({ Type: 'AWS::ElastiCache::SubnetGroup', Properties: { Description: 'd', SubnetIds: ['subnet-1'], Tags: given } });
  await expect(startSimulator({ Subnets: subnetGroup(tags(51)) })).rejects.toThrow(/TagQuotaPerResourceExceeded[\s\S]*50/);
  await expect(startSimulator({ Subnets: subnetGroup([{ Key: 'aws:owner', Value: 'x' }]) })).rejects.toThrow(/reserved for AWS use/);
  await expect(startSimulator({ Subnets: subnetGroup([{ Key: 'a', Value: 'x' }, { Key: 'a', Value: 'y' }]) })).rejects.toThrow(/more than once/);
  await expect(startSimulator({ Subnets: subnetGroup('not-a-list') })).rejects.toThrow(/#\/Tags: expected type: JSONArray/);
  const fifty = await startSimulator({ Subnets: subnetGroup(tags(50)) });
  await fifty.stop();
});
