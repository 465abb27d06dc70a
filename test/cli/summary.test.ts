import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { ExampleStack } from '../../examples/example-stack';
import { summaryRows } from '../../src/cli/commands/summary';
import { formatTable, show, summarizeTemplate } from '../../src/cli/commands/summary-rows';
import { buildProgram } from '../../src/cli/main';

const ROOT = path.join(__dirname, '..', '..');
let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'summary-test-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function synthExample(): string {
  const outdir = fs.mkdtempSync(path.join(tmp, 'asm-'));
  const app = new App({ outdir });
  new ExampleStack(app, 'Example');
  app.synth();
  return outdir;
}

describe('rows', () => {
  test('show() renders literals, references, attributes and secrets', () => {
    expect(show('x')).toBe('x');
    expect(show(3)).toBe('3');
    expect(show({ Ref: 'Key' })).toBe('Ref(Key)');
    expect(show({ 'Fn::GetAtt': ['Key', 'Arn'] })).toBe('Key.Arn');
    expect(show('{{resolve:secretsmanager:s:SecretString:password::}}')).toBe('(secret)');
    expect(show({ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'S' }, ':SecretString:password::}}']] })).toBe('(secret)');
    expect(show({ 'Fn::Select': [0, ['a']] })).toBe('(Select)');
    expect(show(undefined)).toBe('-');
  });

  test('node-based clusters, replication groups and groups are described in words', () => {
    const rows = summarizeTemplate('S', {
      Resources: {
        Mc: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'memcached', EngineVersion: '1.6.22', CacheNodeType: 'cache.t4g.small', NumCacheNodes: 3, AZMode: 'cross-az', TransitEncryptionEnabled: true } },
        Rg: {
          Type: 'AWS::ElastiCache::ReplicationGroup',
          Properties: {
            Engine: 'valkey',
            EngineVersion: '8.0',
            CacheNodeType: 'cache.r7g.large',
            NumNodeGroups: 3,
            ReplicasPerNodeGroup: 2,
            MultiAZEnabled: true,
            AtRestEncryptionEnabled: true,
            KmsKeyId: { Ref: 'Key' },
            TransitEncryptionEnabled: true,
            TransitEncryptionMode: 'required',
            AuthToken: '{{resolve:secretsmanager:t}}',
          },
        },
        Cmd: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { CacheNodeType: 'cache.m7g.large', NumCacheClusters: 2, UserGroupIds: ['ops'] } },
        Pg: { Type: 'AWS::ElastiCache::ParameterGroup', Properties: { CacheParameterGroupFamily: 'valkey8', Properties: { 'cluster-enabled': 'yes', 'timeout': '300' } } },
        Sg: { Type: 'AWS::ElastiCache::SubnetGroup', Properties: { SubnetIds: ['a', 'b', 'c'] } },
        Gd: { Type: 'AWS::ElastiCache::GlobalReplicationGroup', Properties: { Members: [{}, {}] } },
        Named: { Type: 'AWS::ElastiCache::GlobalReplicationGroup', Properties: { GlobalReplicationGroupIdSuffix: 'events', Members: [{}] } },
        Second: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { GlobalReplicationGroupId: 'ldgnf-events', ReplicasPerNodeGroup: 1 } },
        Other: { Type: 'AWS::S3::Bucket' },
        Future: { Type: 'AWS::ElastiCache::SomethingNew' },
      },
    });
    expect(rows.map((r) => [r.type, r.logicalId, r.engine, r.capacity, r.encryption, r.auth])).toEqual([
      ['CacheCluster', 'Mc', 'memcached 1.6.22', '3 x cache.t4g.small, cross-AZ', 'in transit (TLS)', 'network only'],
      ['ReplicationGroup', 'Rg', 'valkey 8.0', '3 shards x 3 nodes x cache.r7g.large, Multi-AZ', 'at rest (KMS Ref(Key)), in transit (required)', 'AUTH token'],
      ['ReplicationGroup', 'Cmd', 'redis (service default)', '2 nodes x cache.m7g.large', 'none', 'user groups ops'],
      ['ParameterGroup', 'Pg', 'valkey8', '2 parameters, cluster mode', '-', '-'],
      ['SubnetGroup', 'Sg', '-', '3 subnets', '-', '-'],
      ['GlobalReplicationGroup', 'Gd', 'global (service default)', '2 members', '-', '-'],
      ['GlobalReplicationGroup', 'Named', 'global datastore events', '1 members', '-', '-'],
      ['ReplicationGroup', 'Second', 'secondary of ldgnf-events', '2 nodes per shard', 'as the primary', 'as the primary'],
      ['SomethingNew', 'Future', '-', '-', '-', '-'],
    ]);
  });

  test('the table pads columns and has a header rule', () => {
    const text = formatTable(summarizeTemplate('S', { Resources: { Sg: { Type: 'AWS::ElastiCache::SubnetGroup', Properties: { SubnetIds: ['a'] } } } }));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Stack\s+Type\s+Logical ID\s+Engine \/ version\s+Capacity\s+Encryption\s+Auth$/);
    expect(lines[1]).toMatch(/^-+( +-+){6}$/);
    expect(lines[2]).toMatch(/^S\s+SubnetGroup\s+Sg\s+-\s+1 subnets/);
  });
});

describe('sources', () => {
  test('--assembly reads every stack of a cloud assembly', () => {
    const rows = summaryRows({ assembly: synthExample() });
    expect(rows.filter((r) => r.type === 'ServerlessCache').map((r) => [r.stack, r.engine, r.capacity, r.auth])).toEqual([
      ['Example', 'valkey 8', 'serverless, up to 100000 ECPU/s', 'user group sessions-users'],
      ['Example', 'memcached 1.6', 'serverless, no limits', 'network only'],
    ]);
  });

  test('--template reads JSON and YAML with short-form tags', () => {
    const yamlFile = path.join(tmp, 't.yaml');
    fs.writeFileSync(yamlFile, [
      'Resources:',
      '  Cache:',
      '    Type: AWS::ElastiCache::ServerlessCache',
      '    Properties:',
      '      Engine: redis',
      '      MajorEngineVersion: "7"',
      '      KmsKeyId: !GetAtt Key.Arn',
      '      UserGroupId: !Ref Users',
      '      CacheUsageLimits:',
      '        DataStorage: { Unit: GB, Minimum: 2 }',
    ].join('\n'));
    const jsonFile = path.join(tmp, 't.json');
    fs.writeFileSync(jsonFile, JSON.stringify({ Resources: { Sg: { Type: 'AWS::ElastiCache::SubnetGroup', Properties: { SubnetIds: ['x'] } } } }));
    expect(summaryRows({ template: yamlFile })).toEqual([{
      stack: 't.yaml',
      type: 'ServerlessCache',
      logicalId: 'Cache',
      engine: 'redis 7',
      capacity: 'serverless, at least 2 GB',
      encryption: 'at rest (KMS Key.Arn), in transit (TLS)',
      auth: 'user group Ref(Users)',
    }]);
    expect(summaryRows({ template: jsonFile }).map((r) => r.logicalId)).toEqual(['Sg']);
  });

  test('--app runs the command with CDK_OUTDIR and reads what it wrote', () => {
    const appFile = path.join(tmp, 'app.js');
    fs.writeFileSync(appFile, `
      const cdk = require(${JSON.stringify(require.resolve('aws-cdk-lib'))});
      const ec = require(${JSON.stringify(require.resolve('aws-cdk-lib/aws-elasticache'))});
      const app = new cdk.App();
      const stack = new cdk.Stack(app, 'FromApp');
      new ec.CfnSubnetGroup(stack, 'Subnets', { description: 'd', subnetIds: ['subnet-1', 'subnet-2'] });
      app.synth();
    `);
    const rows = summaryRows({ app: `"${process.execPath}" "${appFile}"` });
    expect(rows.map((r) => [r.stack, r.type, r.capacity])).toEqual([['FromApp', 'SubnetGroup', '2 subnets']]);
  });

  test.each([
    [{}, 'give exactly one of --app <command>, --assembly <dir> or --template <file>'],
    [{ app: 'x', template: 'y' }, 'give exactly one of'],
    [{ assembly: path.join(ROOT, 'src') }, 'is not a cloud assembly (no manifest.json)'],
    [{ app: `"${process.execPath}" -e "process.stderr.write('boom'); process.exit(3)"` }, 'the app command failed'],
  ])('bad input %j is a clear error', (opts, message) => {
    expect(() => summaryRows(opts)).toThrow(message);
  });

  test('a failing app command reports its stderr', () => {
    expect(() => summaryRows({ app: `"${process.execPath}" -e "process.stderr.write('boom'); process.exit(3)"` })).toThrow(/boom/);
  });
});

describe('command line', () => {
  test('`summary --assembly` prints the table and a count; `--json` prints rows', async () => {
    const dir = synthExample();
    const out: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => {
      out.push(String(chunk));
      return true;
    });
    try {
      await buildProgram().exitOverride().parseAsync(['summary', '--assembly', dir], { from: 'user' });
      await buildProgram().exitOverride().parseAsync(['summary', '--assembly', dir, '--json'], { from: 'user' });
    } finally {
      spy.mockRestore();
    }
    expect(out[0]).toContain('Sessions');
    expect(out[0]).toMatch(/6 cache\(s\), 14 ElastiCache resource\(s\)\.\n$/);
    expect(JSON.parse(out[1])).toHaveLength(14);
  });
});
