import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { errorMessage, nagViolations } from './helpers';
import { EngineVersion, NodeType } from '../../src/catalog';
import {
  ClusterModeReplicationGroup, GlobalDatastore, GlobalDatastoreSecondary, ReplicationGroup, ReplicationGroupProps,
} from '../../src/constructs';

const ACCOUNT = '123456789012';

function regionStack(app: App, id: string, region: string, account = ACCOUNT): { stack: Stack; vpc: ec2.Vpc } {
  const stack = new Stack(app, id, { env: { account, region } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  return { stack, vpc };
}

function primaryIn(region = 'us-east-1', props: Partial<ReplicationGroupProps> = {}) {
  const app = new App();
  const { stack, vpc } = regionStack(app, 'Primary', region);
  const group = new ReplicationGroup(stack, 'Group', { vpc, replicationGroupId: 'sessions', nodeType: NodeType.R7G_LARGE, ...props });
  return { app, stack, group };
}

describe('GlobalDatastore: template', () => {
  test('the Global Datastore names the primary; a secondary joins by the prefixed ID and inherits the rest', () => {
    const { app, stack, group } = primaryIn();
    const global = new GlobalDatastore(stack, 'Global', { primary: group, globalReplicationGroupIdSuffix: 'Sessions', description: 'sessions everywhere' });
    const west = regionStack(app, 'West', 'us-west-2');
    const secondary = global.addSecondary(west.stack, 'Secondary', { vpc: west.vpc, replicationGroupId: 'sessions-west' });

    expect(global.globalReplicationGroupId).toBe('ldgnf-sessions');
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::GlobalReplicationGroup', {
      GlobalReplicationGroupIdSuffix: 'sessions',
      GlobalReplicationGroupDescription: 'sessions everywhere',
      Members: [{ ReplicationGroupId: { Ref: Match.stringLikeRegexp('Group') }, ReplicationGroupRegion: 'us-east-1', Role: 'PRIMARY' }],
    });
    const t = Template.fromStack(west.stack);
    t.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      GlobalReplicationGroupId: 'ldgnf-sessions',
      ReplicationGroupId: 'sessions-west',
      NumCacheClusters: 2,
      CacheSubnetGroupName: { Ref: Match.anyValue() },
      Engine: Match.absent(),
      EngineVersion: Match.absent(),
      CacheNodeType: Match.absent(),
      CacheParameterGroupName: Match.absent(),
      AtRestEncryptionEnabled: Match.absent(),
      TransitEncryptionEnabled: Match.absent(),
      AuthToken: Match.absent(),
      Port: Match.absent(),
    });
    expect(west.stack.dependencies.map((s) => s.stackName)).toEqual(['Primary']);
    expect(secondary.memberClusterIds).toEqual(['sessions-west-001', 'sessions-west-002']);
    expect(secondary.nodeType.name).toBe('cache.r7g.large');
    expect(secondary.connectionInfo.clusterMode).toBe(false);
    expect(global.secondaryGroups).toEqual([secondary]);
  });

  test('a cluster mode primary: the secondary has the same shards, its own replica count, the configuration endpoint', () => {
    const app = new App();
    const { stack, vpc } = regionStack(app, 'Primary', 'eu-west-1');
    const group = new ClusterModeReplicationGroup(stack, 'Group', { vpc, nodeType: NodeType.M7G_LARGE, shards: 2, replicasPerShard: 2 });
    const global = new GlobalDatastore(stack, 'Global', { primary: group, globalReplicationGroupIdSuffix: 'events' });
    const east = regionStack(app, 'East', 'us-east-1');
    const secondary = new GlobalDatastoreSecondary(east.stack, 'Secondary', { globalDatastore: global, vpc: east.vpc, replicas: 1, replicationGroupId: 'events-east' });
    Template.fromStack(east.stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      GlobalReplicationGroupId: 'gxeiz-events', ReplicasPerNodeGroup: 1, NumNodeGroups: Match.absent(), NumCacheClusters: Match.absent(),
    });
    expect(secondary.memberClusterIds).toEqual(['events-east-0001-001', 'events-east-0001-002', 'events-east-0002-001', 'events-east-0002-002']);
    expect(secondary.connectionInfo.clusterMode).toBe(true);
    expect(secondary.readerEndpoint).toBeUndefined();
    expect(secondary.addRecommendedAlarms().map((a) => a.node.scope!.node.id)).toContain('Shard0002Node002');
  });

  test('without a suffix, one is generated from the construct path', () => {
    const { stack, group } = primaryIn();
    const global = new GlobalDatastore(stack, 'Global', { primary: group });
    expect(global.globalReplicationGroupIdSuffix).toMatch(/^primary-global-[a-z0-9]+$/);
    expect(global.globalReplicationGroupId).toBe(`ldgnf-${global.globalReplicationGroupIdSuffix}`);
  });

  test('a KMS key of the secondary Region is rendered', () => {
    const { app, stack, group } = primaryIn();
    const global = new GlobalDatastore(stack, 'Global', { primary: group, globalReplicationGroupIdSuffix: 's' });
    const west = regionStack(app, 'West', 'us-west-2');
    global.addSecondary(west.stack, 'Secondary', { vpc: west.vpc, kmsKey: new kms.Key(west.stack, 'Key') });
    Template.fromStack(west.stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Key'), 'Arn'] } });
  });
});

describe('GlobalDatastore: validation', () => {
  test.each([
    ['Redis OSS 5.0.5', { engineVersion: EngineVersion.REDIS_5_0_5, nodeType: NodeType.R5_LARGE }, 'primary "Primary/Group (redis 5.0.5)" is not allowed: a group running Valkey 7.2 or later, or Redis OSS 5.0.6 or later'],
    ['a burstable node type', { nodeType: NodeType.T4G_MEDIUM }, 'primary "Primary/Group (cache.t4g.medium)" is not allowed: a group on a node type of size large or above that is not burstable (T) and not M4 or R4'],
    ['an M4 node type', { nodeType: NodeType.M4_LARGE }, 'primary "Primary/Group (cache.m4.large)" is not allowed'],
    ['an R4 node type', { nodeType: NodeType.R4_LARGE }, 'primary "Primary/Group (cache.r4.large)" is not allowed: a group on a node type of size large or above that is not burstable (T) and not M4 or R4'],
  ])('a primary on %s is refused', (_name, props, message) => {
    const { stack, group } = primaryIn('us-east-1', props);
    expect(errorMessage(() => new GlobalDatastore(stack, 'Global', { primary: group }))).toContain(`Primary/Global: ${message}`);
  });

  test('an imported primary is refused', () => {
    const { stack } = primaryIn();
    const imported = ReplicationGroup.fromReplicationGroupId(stack, 'Imported', 'x') as unknown as ReplicationGroup;
    expect(errorMessage(() => new GlobalDatastore(stack, 'Global', { primary: imported })))
      .toBe('Primary/Global: primary "Primary/Imported" is not allowed: a ReplicationGroup or ClusterModeReplicationGroup defined in this app');
  });

  test('a description of 256 characters is refused; 255 are accepted', () => {
    const { stack, group } = primaryIn();
    expect(errorMessage(() => new GlobalDatastore(stack, 'Global', { primary: group, description: 'd'.repeat(256) })))
      .toContain(`Primary/Global: description "${'d'.repeat(256)}" is not allowed: at most 255 characters`);
    expect(errorMessage(() => new GlobalDatastore(stack, 'Global255', { primary: group, description: 'd'.repeat(255) }))).toBe('');
  });

  test('a suffix outside the identifier grammar is refused', () => {
    const { stack, group } = primaryIn();
    expect(errorMessage(() => new GlobalDatastore(stack, 'Global', { primary: group, globalReplicationGroupIdSuffix: 'my_store' })))
      .toContain('Primary/Global: globalReplicationGroupIdSuffix "my_store" is not allowed: 1 to 40 characters');
  });

  type SecondaryCase = [string, (app: App, global: GlobalDatastore) => void, string];
  const secondaryCases: SecondaryCase[] = [
    ['in the primary Region', (app, global) => {
      const s = regionStack(app, 'Same', 'us-east-1');
      global.addSecondary(s.stack, 'S', { vpc: s.vpc });
    }, 'Primary/Global: secondaries "Same (us-east-1)" is not allowed: a Region without a member yet'],
    ['twice in one Region', (app, global) => {
      const a = regionStack(app, 'A', 'us-west-2');
      global.addSecondary(a.stack, 'S', { vpc: a.vpc });
      const b = regionStack(app, 'B', 'us-west-2');
      global.addSecondary(b.stack, 'S', { vpc: b.vpc });
    }, 'Primary/Global: secondaries "B (us-west-2)" is not allowed: a Region without a member yet'],
    ['a third secondary', (app, global) => {
      for (const [id, region] of [['A', 'us-west-2'], ['B', 'eu-west-1'], ['C', 'ap-south-1']]) {
        const s = regionStack(app, id, region);
        global.addSecondary(s.stack, 'S', { vpc: s.vpc });
      }
    }, 'Primary/Global: secondaries "C (ap-south-1)" is not allowed: at most 2 secondary Regions per Global Datastore'],
    ['in a stack without a Region', (app, global) => {
      const stack = new Stack(app, 'Agnostic');
      const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
      global.addSecondary(stack, 'S', { vpc });
    }, 'stacks with explicit Regions (env.region) for the primary and the secondary'],
    ['in a China Region', (app, global) => {
      const s = regionStack(app, 'China', 'cn-north-1');
      global.addSecondary(s.stack, 'S', { vpc: s.vpc });
    }, 'Primary/Global: secondaries "China (cn-north-1)" is not allowed: China Regions replicate only with each other'],
    ['in another account', (app, global) => {
      const s = regionStack(app, 'Other', 'us-west-2', '210987654321');
      global.addSecondary(s.stack, 'S', { vpc: s.vpc });
    }, "Primary/Global: secondaries \"Other (us-west-2)\" is not allowed: a stack of the primary's account (123456789012)"],
    ['without replicas while the primary fails over', (app, global) => {
      const s = regionStack(app, 'West', 'us-west-2');
      global.addSecondary(s.stack, 'S', { vpc: s.vpc, replicas: 0 });
    }, 'West/S: replicas 0 is not allowed: at least 1: the secondary inherits automatic failover from the primary'],
    ['with an ID ending with a hyphen', (app, global) => {
      const s = regionStack(app, 'West', 'us-west-2');
      global.addSecondary(s.stack, 'S', { vpc: s.vpc, replicationGroupId: 'west-' });
    }, 'West/S: replicationGroupId "west-" is not allowed: 1 to 40 characters'],
    ['with a token replica count', (app, global) => {
      const s = regionStack(app, 'West', 'us-west-2');
      global.addSecondary(s.stack, 'S', { vpc: s.vpc, replicas: new CfnParameter(s.stack, 'Replicas', { type: 'Number' }).valueAsNumber });
    }, 'West/S: replicas "(unresolved token)" is not allowed: a number known at synth time'],
    ['with 6 replicas', (app, global) => {
      const s = regionStack(app, 'West', 'us-west-2');
      global.addSecondary(s.stack, 'S', { vpc: s.vpc, replicas: 6 });
    }, 'West/S: replicas 6 is not allowed: an integer from 0 to 5'],
  ];
  test.each(secondaryCases)('a secondary %s is refused', (_name, build, message) => {
    const { app, stack, group } = primaryIn();
    const global = new GlobalDatastore(stack, 'Global', { primary: group, globalReplicationGroupIdSuffix: 's' });
    expect(errorMessage(() => build(app, global))).toContain(message);
  });

  test('a primary Region without a documented prefix is refused when a secondary joins', () => {
    const { app, stack, group } = primaryIn('me-south-1');
    const global = new GlobalDatastore(stack, 'Global', { primary: group, globalReplicationGroupIdSuffix: 's' });
    const s = regionStack(app, 'West', 'us-west-2');
    expect(errorMessage(() => global.addSecondary(s.stack, 'S', { vpc: s.vpc })))
      .toContain('Primary/Global: primary "me-south-1" is not allowed: a Region with a documented Global Datastore prefix: us-east-2, us-east-1');
  });

  test('a KMS key on a secondary of a primary without encryption at rest is refused', () => {
    const { app, stack, group } = primaryIn('us-east-1', { atRestEncryption: false });
    const global = new GlobalDatastore(stack, 'Global', { primary: group, globalReplicationGroupIdSuffix: 's' });
    const s = regionStack(app, 'West', 'us-west-2');
    expect(errorMessage(() => global.addSecondary(s.stack, 'S', { vpc: s.vpc, kmsKey: new kms.Key(s.stack, 'Key') })))
      .toBe('West/S: kmsKey "West/Key" is not allowed: no key: the primary does not encrypt at rest');
  });
});

describe('GlobalDatastore: cdk-nag', () => {
  test('a secondary states only what CloudFormation lets it: AEC3, AEC4, AEC5 and AEC6 report the inherited settings', () => {
    const { app, stack, group } = primaryIn();
    const global = new GlobalDatastore(stack, 'Global', { primary: group, globalReplicationGroupIdSuffix: 's' });
    const west = regionStack(app, 'West', 'us-west-2');
    const secondary = global.addSecondary(west.stack, 'Secondary', { vpc: west.vpc });
    expect(nagViolations(global)).toEqual([]);
    expect(nagViolations(secondary).map((v) => v.rule)).toEqual(['AwsSolutions-AEC3', 'AwsSolutions-AEC4', 'AwsSolutions-AEC5', 'AwsSolutions-AEC6']);
  });
});
