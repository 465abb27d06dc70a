import { Stack, StackProps, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import {
  AccessControl, CacheAccess, ClusterModeReplicationGroup, Engine, EngineVersion, GlobalDatastore, GlobalDatastoreSecondary, IamUser,
  MemcachedCluster, NodeType, NoPasswordUser, ParameterGroup, PasswordUser, ReplicationGroup, ServerlessCache, SubnetGroup, UserGroup,
} from '../src';

/**
 * Why each finding of cdk-nag's AwsSolutions pack that the example acknowledges is accepted. The
 * README lists the same choices; the example app test proves nothing else is reported.
 */
export const ACKNOWLEDGED = {
  secretRotation: 'ElastiCache AUTH tokens and RBAC passwords are rotated through ElastiCache (ModifyReplicationGroup / ModifyUser), not by a Secrets Manager rotation function.',
  rbacInsteadOfAuth: 'The group authenticates clients with an RBAC user group, which AEC6 does not recognize (it looks for an AUTH token only).',
  inheritedFromPrimary: 'A Global Datastore secondary inherits encryption, Multi-AZ, port and AUTH from its primary; CloudFormation refuses these properties on a secondary.',
  lambdaManagedPolicies: 'AWS managed policies for Lambda logging and VPC network interfaces (AWSLambdaBasicExecutionRole, AWSLambdaVPCAccessExecutionRole).',
};

/** A VPC with isolated subnets only (caches need no internet) and flow logs (AwsSolutions-VPC7). */
function cacheVpc(scope: Construct): ec2.Vpc {
  const region = Stack.of(scope).region;
  const vpc = new ec2.Vpc(scope, 'Vpc', {
    // Three zones where the Region is known, so the 3-node Memcached cluster spreads over three.
    ...(Token.isUnresolved(region) ? { maxAzs: 3 } : { availabilityZones: ['a', 'b', 'c'].map((zone) => `${region}${zone}`) }),
    natGateways: 0,
    subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  vpc.addFlowLog('FlowLog');
  return vpc;
}

/** An SNS topic for alarms: encrypted with a rotated key CloudWatch may use, TLS-only publishing. */
function alarmTopic(scope: Construct): sns.Topic {
  const key = new kms.Key(scope, 'AlarmKey', { enableKeyRotation: true, description: 'Encrypts the cache alarm topic' });
  key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
  return new sns.Topic(scope, 'Alarms', { masterKey: key, enforceSSL: true, displayName: 'Cache alarms' });
}

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * The example application (us-east-1): every construct of the library.
 * - Serverless caches: Valkey with RBAC users (sessions) and Memcached (pages).
 * - A 3-node Memcached cluster (fragments) on a shared subnet group.
 * - A cluster-mode-disabled Redis OSS group with 2 replicas and RBAC users (profiles: an application
 *   user and the built-in `default` user locked out), with its own parameter group, wired to a
 *   Lambda function with CacheAccess.
 * - A 3-shard cluster-mode-enabled Valkey group with 1 replica per shard and an AUTH token (events),
 *   primary of a Global Datastore whose secondary lives in `ExampleSecondaryStack` (us-west-2).
 * - The recommended alarms on all of them, sent to one SNS topic.
 */
export class ExampleStack extends Stack {
  public readonly sessions: ServerlessCache;
  public readonly pages: ServerlessCache;
  public readonly fragments: MemcachedCluster;
  public readonly profiles: ReplicationGroup;
  public readonly events: ClusterModeReplicationGroup;
  public readonly globalEvents: GlobalDatastore;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const vpc = cacheVpc(this);
    const app = new ec2.SecurityGroup(this, 'AppSecurityGroup', { vpc, description: 'Application servers' });
    const appRole = new iam.Role(this, 'AppRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const alarms = alarmTopic(this);

    // Serverless Valkey behind RBAC: an application user with a generated password, an IAM worker.
    const appUser = new PasswordUser(this, 'AppUser', {
      userId: 'sessions-app',
      accessControl: AccessControl.fromAccessString('on ~session:* -@all +@read +@write +@connection'),
    });
    const worker = new IamUser(this, 'WorkerUser', {
      userId: 'sessions-worker',
      accessControl: AccessControl.fromAccessString('on ~session:* -@all +@read +@connection'),
    });
    const sessionUsers = new UserGroup(this, 'SessionUsers', { userGroupId: 'sessions-users', users: [appUser, worker] });
    this.sessions = new ServerlessCache(this, 'Sessions', {
      vpc,
      engine: Engine.VALKEY,
      serverlessCacheName: 'sessions',
      description: 'User sessions',
      userGroup: sessionUsers,
      cacheUsageLimits: { requestRateLimitMaximum: 100_000 },
      backup: { backupRetentionLimit: 7 },
    });
    this.sessions.connections.allowDefaultPortFrom(app);
    this.sessions.grantConnect(appRole);
    worker.grantConnect(appRole);
    this.sessions.addRecommendedAlarms({ alarmTopic: alarms });

    this.pages = new ServerlessCache(this, 'Pages', {
      vpc,
      engine: Engine.MEMCACHED,
      serverlessCacheName: 'pages',
      description: 'Rendered page fragments',
    });
    this.pages.connections.allowDefaultPortFrom(app);
    this.pages.addRecommendedAlarms({ alarmTopic: alarms });

    // Node-based caches share one subnet group over the three isolated subnets.
    const subnets = new SubnetGroup(this, 'CacheSubnets', { vpc, subnetGroupName: 'example-caches', description: 'Isolated subnets of the node-based caches' });

    // A 3-node Memcached cluster across AZs, on a non-default port (AwsSolutions-AEC5).
    this.fragments = new MemcachedCluster(this, 'Fragments', {
      vpc,
      subnetGroup: subnets,
      clusterName: 'fragments',
      nodeType: NodeType.T4G_SMALL,
      numNodes: 3,
      port: 11222,
      maintenanceWindow: 'sun:06:00-sun:07:00',
    });
    this.fragments.connections.allowDefaultPortFrom(app);
    this.fragments.addRecommendedAlarms({ alarmTopic: alarms });

    // Cluster mode disabled, 2 replicas, RBAC users instead of an AUTH token, tuned parameters. A
    // Redis OSS user group needs a user named `default`: a password-less one, switched off.
    const profileApp = new PasswordUser(this, 'ProfilesApp', {
      userId: 'profiles-app',
      engine: Engine.REDIS,
      accessControl: AccessControl.fromAccessString('on ~profile:* -@all +@read +@write +@connection'),
    });
    const lockedDefault = new NoPasswordUser(this, 'ProfilesDefault', {
      userId: 'profiles-default',
      userName: 'default',
      engine: Engine.REDIS,
      accessControl: AccessControl.fromAccessString('off ~* -@all'),
    });
    const profileParams = new ParameterGroup(this, 'ProfileParameters', {
      engineVersion: EngineVersion.REDIS_7_1,
      parameters: { 'maxmemory-policy': 'allkeys-lru' },
    });
    this.profiles = new ReplicationGroup(this, 'Profiles', {
      vpc,
      subnetGroup: subnets,
      replicationGroupId: 'profiles',
      description: 'User profiles',
      engineVersion: EngineVersion.REDIS_7_1,
      nodeType: NodeType.T4G_MEDIUM,
      replicas: 2,
      port: 6380,
      parameterGroup: profileParams,
      userGroup: new UserGroup(this, 'ProfileUsers', { userGroupId: 'profiles-users', engine: Engine.REDIS, users: [profileApp, lockedDefault] }),
      maintenanceWindow: 'sun:06:00-sun:07:00',
      backup: { window: '03:00-04:00' },
    });
    this.profiles.addRecommendedAlarms({ alarmTopic: alarms });
    acknowledge(this.profiles, 'AwsSolutions-AEC6', ACKNOWLEDGED.rbacInsteadOfAuth);

    // A Lambda function reading profiles as the application user.
    const reader = new lambda.Function(this, 'ProfileReader', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ host: process.env.PROFILES_HOST });'),
      vpc,
      description: 'Reads user profiles from the profiles cache',
    });
    CacheAccess.grantToFunction(this.profiles, reader, { user: profileApp, environmentPrefix: 'PROFILES' });
    for (const policy of ['AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole']) {
      acknowledge(reader.role!, `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}]`, ACKNOWLEDGED.lambdaManagedPolicies);
    }

    // Cluster mode enabled: 3 shards of a primary and 1 replica, with a generated AUTH token; the
    // primary of a Global Datastore (non-burstable node type, as Global Datastores require).
    this.events = new ClusterModeReplicationGroup(this, 'Events', {
      vpc,
      subnetGroup: subnets,
      replicationGroupId: 'events',
      description: 'Event streams',
      nodeType: NodeType.R7G_LARGE,
      shards: 3,
      replicasPerShard: 1,
      maintenanceWindow: 'mon:06:00-mon:07:00',
    });
    this.events.connections.allowDefaultPortFrom(app);
    this.events.addRecommendedAlarms({ alarmTopic: alarms });
    this.globalEvents = new GlobalDatastore(this, 'GlobalEvents', { primary: this.events, globalReplicationGroupIdSuffix: 'events' });

    for (const secret of [appUser.generatedSecret, profileApp.generatedSecret, this.events.authTokenSecret]) {
      acknowledge(secret!, 'AwsSolutions-SMG4', ACKNOWLEDGED.secretRotation);
    }
  }
}

/** The second Region of the example: the Global Datastore secondary of `events`. */
export class ExampleSecondaryStack extends Stack {
  public readonly events: GlobalDatastoreSecondary;

  constructor(scope: Construct, id: string, primary: ExampleStack, props?: StackProps) {
    super(scope, id, props);
    const vpc = cacheVpc(this);
    this.events = primary.globalEvents.addSecondary(this, 'Events', { vpc, replicationGroupId: 'events-west', replicas: 1 });
    this.events.addRecommendedAlarms({ alarmTopic: alarmTopic(this) });
    for (const rule of ['AwsSolutions-AEC3', 'AwsSolutions-AEC4', 'AwsSolutions-AEC5', 'AwsSolutions-AEC6']) {
      acknowledge(this.events, rule, ACKNOWLEDGED.inheritedFromPrimary);
    }
  }
}
