/**
 * The simulator's Secrets Manager endpoint, through the AWS SDK: the secret a PasswordUser
 * generates is readable by name and ARN, and its password is the one the cache accepts.
 */
import { DescribeSecretCommand, GetSecretValueCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import Redis from 'ioredis';
import { NotSimulated, sdkCall } from '../../../integ/runner/sdk-call';
import { AccessControl, NodeType, PasswordUser, ReplicationGroup, Simulator, UserGroup } from '../../../src';

function stackWithGeneratedPassword(): Stack {
  const app = new App();
  const stack = new Stack(app, 'SecretsStack');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const user = new PasswordUser(stack, 'AppUser', { userId: 'sm-app', userName: 'app', accessControl: AccessControl.fromAccessString('on ~* +@all') });
  const users = new UserGroup(stack, 'Users', { userGroupId: 'sm-users', users: [user] });
  new ReplicationGroup(stack, 'Group', { vpc, replicationGroupId: 'sm-group', nodeType: NodeType.T4G_MICRO, replicas: 0, userGroup: users });
  return stack;
}

let sim: Simulator;
let client: SecretsManagerClient;

beforeAll(async () => {
  sim = await Simulator.fromStack(stackWithGeneratedPassword(), { seed: 'secrets-manager' });
  client = new SecretsManagerClient({ endpoint: sim.secretsManagerEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
});

afterAll(async () => {
  client?.destroy();
  await sim?.stop();
});

async function onlySecret() {
  const listed = await client.send(new ListSecretsCommand({}));
  expect(listed.SecretList).toHaveLength(1);
  return listed.SecretList![0];
}

test('GetSecretValue by name and by ARN returns the generated password, which the cache accepts', async () => {
  const { Name, ARN } = await onlySecret();
  const byName = await client.send(new GetSecretValueCommand({ SecretId: Name }));
  const byArn = await client.send(new GetSecretValueCommand({ SecretId: ARN }));
  expect(byArn.SecretString).toBe(byName.SecretString);
  expect(byName).toMatchObject({ ARN, Name, VersionStages: ['AWSCURRENT'], VersionId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/) });
  expect(byName.CreatedDate).toBeInstanceOf(Date);
  const { username, password } = JSON.parse(byName.SecretString!) as { username: string; password: string };
  expect(username).toBe('app');
  expect(password.length).toBeGreaterThanOrEqual(16);

  const endpoint = sim.endpoint('sm-group');
  const redis = new Redis({
    host: endpoint.host,
    port: endpoint.port,
    tls: { ca: sim.caCertificatePem, servername: endpoint.hostname },
    lazyConnect: true,
    protocol: 2,
    maxRetriesPerRequest: 0,
    enableReadyCheck: false,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await expect(redis.call('AUTH', username, `${password}x`)).rejects.toThrow(/WRONGPASS/);
    expect(await redis.call('AUTH', username, password)).toBe('OK');
    expect(await redis.call('ACL', 'WHOAMI')).toBe('app');
  } finally {
    redis.disconnect();
  }
});

test('DescribeSecret shows the current version; ListSecrets the same secret without its value', async () => {
  const listed = await onlySecret();
  const described = await client.send(new DescribeSecretCommand({ SecretId: listed.ARN }));
  const value = await client.send(new GetSecretValueCommand({ SecretId: listed.Name }));
  expect(described).toMatchObject({ ARN: listed.ARN, Name: listed.Name, VersionIdsToStages: { [value.VersionId!]: ['AWSCURRENT'] } });
  expect(listed.SecretVersionsToStages).toEqual({ [value.VersionId!]: ['AWSCURRENT'] });
  expect(listed.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:us-east-1:\\d{12}:secret:${listed.Name}-[A-Za-z0-9]{6}$`));
  expect(Object.keys(listed)).not.toContain('SecretString');
  const filtered = await client.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['no-such-prefix'] }] }));
  expect(filtered.SecretList).toEqual([]);
});

test('an unknown secret, version or stage is ResourceNotFoundException with the service message', async () => {
  const { ARN } = await onlySecret();
  const unknown = [
    new GetSecretValueCommand({ SecretId: 'no-such-secret' }),
    new GetSecretValueCommand({ SecretId: `${ARN}x` }),
    new GetSecretValueCommand({ SecretId: ARN, VersionStage: 'AWSPREVIOUS' }),
    new DescribeSecretCommand({ SecretId: 'no-such-secret' }),
  ];
  for (const command of unknown) {
    await expect(client.send(command as GetSecretValueCommand)).rejects.toMatchObject({
      name: 'ResourceNotFoundException', message: 'Secrets Manager can\'t find the specified secret.', $metadata: { httpStatusCode: 400 },
    });
  }
});

test('integ assertions on SecretsManager are sent to the local endpoint, as the assertion provider returns them', async () => {
  const { Name, ARN } = await onlySecret();
  const endpoints = { elastiCache: sim.controlPlaneEndpoint, cloudWatch: sim.cloudWatchEndpoint, secretsManager: sim.secretsManagerEndpoint, region: 'us-east-1' };
  const expected = await client.send(new GetSecretValueCommand({ SecretId: ARN }));
  const response = await sdkCall(endpoints, 'SecretsManager', 'getSecretValue', { SecretId: Name });
  expect(response).toEqual({
    ARN, Name, SecretString: expected.SecretString, VersionId: expected.VersionId, VersionStages: ['AWSCURRENT'], CreatedDate: expected.CreatedDate!.toISOString(),
  });
  await expect(sdkCall(endpoints, '@aws-sdk/client-secrets-manager', 'describeSecret', { SecretId: 'missing' })).rejects.toThrow('Secrets Manager can\'t find the specified secret.');
  await expect(sdkCall(endpoints, 'SecretsManager', 'putSecretValue', { SecretId: Name, SecretString: 'x' })).rejects.toBeInstanceOf(NotSimulated);
});
