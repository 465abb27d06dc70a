/**
 * The integ runner's reading of assertion stacks and its matching, on the checked-in snapshots
 * and on hand-made templates: the SDK calls and waiters each integ app declares, creation order,
 * the provider's matchers and the mismatch text a failing assertion prints.
 */
import * as fs from 'fs';
import * as path from 'path';
import { assertionSteps, SdkCallStep } from '../../../integ/runner/assertions';
import { flatten, matcherOf, mismatch } from '../../../integ/runner/expected';
import { importValue, readExports } from '../../../integ/runner/exports';
import { commandName } from '../../../integ/runner/sdk-call';

const INTEG = path.join(__dirname, '..', '..', '..', 'integ');

function assertionTemplate(app: string): unknown {
  const dir = path.join(INTEG, `${app}.js.snapshot`);
  const file = fs.readdirSync(dir).find((f) => f.includes('DeployAssert') && f.endsWith('.template.json'))!;
  return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
}

test('every integ app declares SDK calls with expectations and waiters the runner reads', () => {
  const apps = fs.readdirSync(INTEG).filter((f) => /^integ\..+\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, ''));
  expect(apps.length).toBeGreaterThanOrEqual(5);
  for (const app of apps) {
    const steps = assertionSteps(assertionTemplate(app) as never) as SdkCallStep[];
    expect(steps.every((s) => s.kind === 'sdk-call' && ['ElastiCache', 'CloudWatch', 'SecretsManager'].includes(s.service))).toBe(true);
    const checked = steps.filter((s) => s.expected !== undefined);
    expect(checked.length).toBeGreaterThan(0);
    for (const step of checked) expect(step.expected).toMatch(/^\{"\$ObjectLike"/);
    // The first check waits for the caches to be available; later ones may read settled state once.
    expect(checked[0].wait).toBeDefined();
  }
  // Chained with next(): the operations run in the order written.
  const operations = assertionSteps(assertionTemplate('integ.replication-group-operations') as never) as SdkCallStep[];
  expect(operations.map((s) => s.api)).toEqual([
    'describeReplicationGroups', 'createSnapshot', 'describeSnapshots', 'testFailover', 'describeEvents',
    'describeReplicationGroups', 'increaseReplicaCount', 'describeReplicationGroups', 'describeAlarmHistory', 'describeAlarms',
    'createReplicationGroup', 'describeReplicationGroups', 'deleteReplicationGroup',
  ]);
  const [group] = assertionSteps(assertionTemplate('integ.replication-group') as never) as SdkCallStep[];
  expect(group).toMatchObject({ api: 'describeReplicationGroups', parameters: { ReplicationGroupId: '"integ-valkey"' }, wait: { intervalSeconds: 30, maxAttempts: 90, backoffRate: 1 } });
});

test('steps come in creation order: an AssertEquals after the call whose attribute it reads', () => {
  const steps = assertionSteps({
    Resources: {
      Check: {
        Type: 'Custom::DeployAssert@AssertEquals',
        Properties: { actual: { 'Fn::GetAtt': ['Call', 'apiCallResponse.Status'] }, expected: '{"$Exact":"available"}', failDeployment: false },
      },
      Call: { Type: 'Custom::DeployAssert@SdkCallElastiCachedescribeCacheClusters', Properties: { service: 'ElastiCache', api: 'describeCacheClusters', flattenResponse: 'true' } },
    },
  });
  expect(steps.map((s) => s.logicalId)).toEqual(['Call', 'Check']);
  expect(steps[0]).toMatchObject({ kind: 'sdk-call', flattenResponse: true, wait: undefined });
});

test('a test-stack resource named by token is an imported export; attributes of a call feed the next call', () => {
  const steps = assertionSteps(assertionTemplate('integ.access-and-parameters') as never) as SdkCallStep[];
  const secret = steps.find((s) => s.api === 'getSecretValue')!;
  // Parameters are JSON-encoded: the token sits between quotes in an Fn::Join.
  const quoted = (value: unknown) => (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1][1];
  const imported = (quoted(secret.parameters.SecretId) as { 'Fn::ImportValue': string })['Fn::ImportValue'];
  const exports = readExports(path.join(INTEG, 'integ.access-and-parameters.js.snapshot'), ['AccessAndParametersIntegStack']);
  expect(exports.get(imported)).toEqual({ stack: 'AccessAndParametersIntegStack', value: { Ref: expect.stringMatching(/^AppUserSecret/) } });
  expect(() => importValue(undefined as never, exports, 'Other:Export')).toThrow('cannot resolve Fn::ImportValue "Other:Export": no test stack exports it');

  // The generated secret's JSON is matched field by field.
  const good = { SecretString: JSON.stringify({ username: 'integ-access-app', password: 'p'.repeat(32) }) };
  expect(mismatch(secret.expected, good)).toBeUndefined();
  expect(mismatch(secret.expected, { SecretString: JSON.stringify({ username: 'other', password: 'p'.repeat(32) }) })).toContain('other');

  // The parameter group's name comes from the node that uses it, read after the node is available.
  const [available, node, parameters] = steps;
  expect([available.api, node.api, parameters.api]).toEqual(['describeCacheClusters', 'describeCacheClusters', 'describeCacheParameters']);
  expect(available.wait).toBeDefined();
  expect(node.outputPaths).toEqual(['CacheClusters.0.CacheParameterGroup.CacheParameterGroupName']);
  expect(quoted(parameters.parameters.CacheParameterGroupName)).toEqual({ 'Fn::GetAtt': [node.logicalId, 'apiCallResponse.CacheClusters.0.CacheParameterGroup.CacheParameterGroupName'] });
});

test('objectLike matches nested objects partially and arrays by length; a mismatch says what differed', () => {
  const expected = JSON.stringify({ $ObjectLike: { Groups: [{ Id: 'a', Status: 'available' }] } });
  expect(mismatch(expected, { Groups: [{ Id: 'a', Status: 'available', Extra: 1 }], Marker: 'x' })).toBeUndefined();
  const differs = mismatch(expected, { Groups: [{ Id: 'a', Status: 'creating' }] });
  expect(differs).toMatch(/Expected available but received creating/);
  expect(mismatch(expected, { Groups: [] })).toMatch(/Not enough elements in array \(expecting 1, got 0\)/);
  expect(mismatch('{"$ArrayWith":[2]}', [1, 2, 3])).toBeUndefined();
  expect(mismatch('{"$StringLike":"^integ-"}', 'integ-valkey')).toBeUndefined();
  expect(mismatch('"exact"', 'other')).toMatch(/Expected exact but received other/);
  expect(matcherOf({ a: 1 }).name).toBe('exact');
});

test('responses flatten as the provider flattens them; APIs name their commands', () => {
  expect(flatten({ apiCallResponse: { Items: [{ Name: 'a' }, { Name: 'b' }], Count: 2 } })).toEqual({
    'apiCallResponse.Items.0.Name': 'a', 'apiCallResponse.Items.1.Name': 'b', 'apiCallResponse.Count': 2,
  });
  expect(commandName('describeReplicationGroups')).toBe('DescribeReplicationGroupsCommand');
  expect(commandName('GetMetricDataCommand')).toBe('GetMetricDataCommand');
});
