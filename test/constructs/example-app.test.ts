import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { nagViolations } from './helpers';
import { addExampleStacks } from '../../examples/example-app';
import { ACKNOWLEDGED, ExampleSecondaryStack, ExampleStack } from '../../examples/example-stack';
import {
  ClusterModeReplicationGroup, GlobalDatastore, GlobalDatastoreSecondary, IamUser, MemcachedCluster, NoPasswordUser, ParameterGroup, PasswordUser,
  ReplicationGroup, ServerlessCache, SubnetGroup, UserGroup,
} from '../../src/constructs';
import { loadTopology } from '../../src/simulator';

/** Synthesizing the app takes long on a loaded machine: one app for every test of the suite. */
jest.setTimeout(180_000);
let built: { app: App; primary: ExampleStack; secondary: ExampleSecondaryStack } | undefined;
function build() {
  if (!built) {
    const app = new App();
    built = { app, ...addExampleStacks(app) };
  }
  return built;
}

function all<T>(scope: IConstruct, type: abstract new (...args: never[]) => T): T[] {
  return scope.node.findAll().filter((c): c is IConstruct & T => c instanceof type);
}

/** Every acknowledged rule in the tree, as `<construct path> <rule>`, with its reason. */
function acknowledgements(scope: IConstruct): Array<[string, string]> {
  return scope.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([rule, reason]): [string, string] =>
      [`${c.node.path} ${rule.replace(/^annotation::/i, '')}`, reason])));
}

describe('the example app', () => {
  test('synthesizes both stacks without errors', () => {
    const { app, primary, secondary } = build();
    const assembly = app.synth();
    expect(assembly.stacks.map((s) => `${s.stackName} ${s.environment.region}`)).toEqual(['CdkElastiCacheExample us-east-1', 'CdkElastiCacheExampleWest us-west-2']);
    for (const stack of [primary, secondary]) expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
  });

  test('passes cdk-nag AwsSolutions with no errors', () => {
    const { app } = build();
    expect(nagViolations(app)).toEqual([]);
  });

  test('acknowledges exactly the documented findings, each with its documented reason', () => {
    const { app } = build();
    const reasons = Object.values(ACKNOWLEDGED);
    // aws-cdk-lib acknowledges some of its own warnings the same way; only cdk-nag rules are ours.
    const found = acknowledgements(app).filter(([what]) => what.includes(' AwsSolutions-'));
    for (const [, reason] of found) expect(reasons).toContain(reason);
    expect(found.map(([what]) => what).sort()).toEqual([
      'CdkElastiCacheExample/AppUser/Secret AwsSolutions-SMG4',
      'CdkElastiCacheExample/Events/AuthToken AwsSolutions-SMG4',
      'CdkElastiCacheExample/ProfileReader/ServiceRole AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CdkElastiCacheExample/ProfileReader/ServiceRole AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
      'CdkElastiCacheExample/Profiles AwsSolutions-AEC6',
      'CdkElastiCacheExample/ProfilesApp/Secret AwsSolutions-SMG4',
      'CdkElastiCacheExampleWest/Events AwsSolutions-AEC3',
      'CdkElastiCacheExampleWest/Events AwsSolutions-AEC4',
      'CdkElastiCacheExampleWest/Events AwsSolutions-AEC5',
      'CdkElastiCacheExampleWest/Events AwsSolutions-AEC6',
    ]);
  });

  test('holds what the issue lists, built from every construct of the library', () => {
    const { app } = build();
    const serverless = all(app, ServerlessCache);
    expect(serverless.map((c) => c.engine).sort()).toEqual(['memcached', 'valkey']);
    const [memcached] = all(app, MemcachedCluster);
    expect(memcached.numNodes).toBe(3);
    const [profiles] = all(app, ReplicationGroup);
    expect([profiles.replicas, profiles.resource.userGroupIds]).toEqual([2, ['profiles-users']]);
    const [events] = all(app, ClusterModeReplicationGroup);
    expect([events.shards, events.shardReplicaCounts, events.authTokenSecret !== undefined]).toEqual([3, [1, 1, 1], true]);
    expect(all(app, GlobalDatastore)).toHaveLength(1);
    expect(all(app, GlobalDatastoreSecondary)).toHaveLength(1);
    for (const type of [SubnetGroup, ParameterGroup, PasswordUser, NoPasswordUser, IamUser, UserGroup] as const) {
      expect(all(app, type as never).length).toBeGreaterThan(0);
    }
  });

  test('every cache has its recommended alarms, all notifying the alarm topic of its Region', () => {
    const { app, primary, secondary } = build();
    const caches = [...all(app, ServerlessCache), ...all(app, MemcachedCluster), ...all(app, ReplicationGroup),
      ...all(app, ClusterModeReplicationGroup), ...all(app, GlobalDatastoreSecondary)];
    expect(caches).toHaveLength(6);
    for (const cache of caches) {
      const alarms = all(cache.node.findChild('RecommendedAlarms'), cloudwatch.Alarm);
      expect({ cache: cache.node.path, some: alarms.length > 0 }).toEqual({ cache: cache.node.path, some: true });
    }
    for (const stack of [primary, secondary]) {
      const t = Template.fromStack(stack);
      for (const alarm of Object.values(t.findResources('AWS::CloudWatch::Alarm'))) {
        expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Alarms/) }]);
      }
    }
  });

  test('the Lambda function reads the profiles group through CacheAccess', () => {
    const { primary } = build();
    const fn = Object.values(Template.fromStack(primary).findResources('AWS::Lambda::Function'))
      .find((f) => f.Properties.Environment?.Variables?.PROFILES_HOST);
    expect(Object.keys(fn!.Properties.Environment.Variables).sort()).toEqual([
      'PROFILES_CLUSTER_MODE', 'PROFILES_ENGINE', 'PROFILES_HOST', 'PROFILES_NAME', 'PROFILES_PASSWORD_SECRET_ARN', 'PROFILES_PORT',
      'PROFILES_READER_HOST', 'PROFILES_READER_PORT', 'PROFILES_TLS', 'PROFILES_USERNAME',
    ]);
  });
});

test('examples/main.ts (the summary shown in the README\'s command line section) prints the summary, the alarms per stack and a clean cdk-nag result', () => {
  const out: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    out.push(String(chunk));
    return true;
  });
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.isolateModules(() => require('../../examples/main'));
  } finally {
    spy.mockRestore();
  }
  const text = out.join('');
  expect(text).toContain('secondary of ldgnf-events');
  expect(text).toMatch(/7 cache\(s\), 16 ElastiCache resource\(s\)\./);
  expect(text).toMatch(/Recommended alarms: CdkElastiCacheExample \d+, CdkElastiCacheExampleWest \d+\./);
  expect(text).toContain('cdk-nag AwsSolutions: no findings');
});

test('the simulator, which applies the service\'s own rules to the template, accepts the app and derives the same member cluster IDs the alarms use', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-topology-'));
  try {
    const app = new App({ outdir });
    const { primary, secondary } = addExampleStacks(app);
    app.synth();
    const topology = loadTopology({ assemblyDir: outdir });
    const simulated = Object.fromEntries(topology.caches
      .filter((c) => c.kind === 'replication-group')
      .map((c) => [c.replicationGroupId, c.shards.flatMap((s) => [s.primary, ...s.replicas].map((n) => n.cacheClusterId))]));
    expect(simulated).toEqual({
      'profiles': primary.profiles.memberClusterIds,
      'events': primary.events.memberClusterIds,
      'events-west': secondary.events.memberClusterIds,
    });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
