import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AccessControl, Engine, IamUser, PasswordUser, ServerlessCache, UserGroup } from '../src';

/**
 * The example application: a VPC with a serverless Valkey cache protected by RBAC users, and a
 * serverless Memcached cache. Later examples add node-based clusters to the same stack.
 */
export class ExampleStack extends Stack {
  public readonly sessions: ServerlessCache;
  public readonly pages: ServerlessCache;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    const app = new ec2.SecurityGroup(this, 'AppSecurityGroup', { vpc, description: 'Application servers' });
    const appRole = new iam.Role(this, 'AppRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });

    // RBAC: an application user with a generated password, and an IAM-authenticated worker.
    const appUser = new PasswordUser(this, 'AppUser', {
      userId: 'sessions-app',
      accessControl: AccessControl.fromAccessString('on ~session:* -@all +@read +@write +@connection'),
    });
    const worker = new IamUser(this, 'WorkerUser', {
      userId: 'sessions-worker',
      accessControl: AccessControl.fromAccessString('on ~session:* -@all +@read +@connection'),
    });
    const users = new UserGroup(this, 'SessionUsers', { userGroupId: 'sessions-users', users: [appUser, worker] });

    this.sessions = new ServerlessCache(this, 'Sessions', {
      vpc,
      engine: Engine.VALKEY,
      serverlessCacheName: 'sessions',
      description: 'User sessions',
      userGroup: users,
      cacheUsageLimits: { requestRateLimitMaximum: 100_000 },
      backup: { backupRetentionLimit: 7 },
    });
    this.sessions.connections.allowDefaultPortFrom(app);
    this.sessions.grantConnect(appRole);
    worker.grantConnect(appRole);
    this.sessions.addRecommendedAlarms();

    this.pages = new ServerlessCache(this, 'Pages', {
      vpc,
      engine: Engine.MEMCACHED,
      serverlessCacheName: 'pages',
      description: 'Rendered page fragments',
    });
    this.pages.connections.allowDefaultPortFrom(app);
  }
}
