import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnOutput, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AssemblyEvaluation, loadStackSources } from '../../../src/simulator/template';
import { expectTemplateError, SEED } from '../helpers';

let dir: string;
let assemblyDir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-inputs-'));
  assemblyDir = path.join(dir, 'cdk.out');
  const app = new App({ outdir: assemblyDir });
  const shared = new Stack(app, 'Shared', { env: { account: '111122223333', region: 'eu-west-1' } });
  const topic = new sns.Topic(shared, 'Alerts');
  const consumer = new Stack(app, 'Consumer', { env: { account: '111122223333', region: 'eu-west-1' } });
  const nested = new NestedStack(consumer, 'Caches');
  new elasticache.CfnServerlessCache(nested, 'Serverless', { engine: 'valkey', serverlessCacheName: 'inner' });
  new CfnOutput(consumer, 'TopicArn', { value: topic.topicArn });
  const stage = new Stage(app, 'Prod');
  const staged = new Stack(stage, 'Web', { stackName: 'prod-web' });
  new sns.Topic(staged, 'T');
  app.synth();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cloud assembly', () => {
  test('reads every stack, stages included, with its environment', () => {
    const sources = loadStackSources({ assemblyDir });
    expect(sources.map((s) => s.stackName).sort()).toEqual(['Consumer', 'Shared', 'prod-web']);
    const consumer = sources.find((s) => s.stackName === 'Consumer')!;
    expect(consumer).toMatchObject({ account: '111122223333', region: 'eu-west-1' });
    expect(consumer.dependencies).toEqual(['Shared']);
    expect(sources.find((s) => s.stackName === 'prod-web')).toMatchObject({ displayName: 'Prod/Web', account: undefined, region: undefined });
  });

  test('selects stacks by name, id, path or glob, with the stacks they depend on', () => {
    const names = (stacks: string[]) => loadStackSources({ assemblyDir, stacks }).map((s) => s.stackName).sort();
    expect(names(['Consumer'])).toEqual(['Consumer', 'Shared']);
    expect(names(['Prod/*'])).toEqual(['prod-web']);
    expect(names(['prod-w?b'])).toEqual(['prod-web']);
    expectTemplateError(() => loadStackSources({ assemblyDir, stacks: ['Nope*'] }), /^No stack matches 'Nope\*'\. Stacks in the input: /);
  });

  test('evaluates nested stacks from their assets and imports across stacks', () => {
    const evaluation = new AssemblyEvaluation(loadStackSources({ assemblyDir, stacks: ['Consumer'] }), { seed: SEED }).run();
    const all = evaluation.allStacks();
    const nested = all.find((s) => s.parent !== undefined)!;
    expect(nested.path).toMatch(/^Consumer\/CachesNestedStackCachesNestedStackResource/);
    expect(nested.name).toMatch(/^Consumer-CachesNestedStackCachesNestedStackResource[A-Za-z0-9]*-[A-Z0-9]{13}$/);
    expect(nested.createdResources().map((r) => r.type)).toEqual(['AWS::ElastiCache::ServerlessCache']);
    const consumer = all.find((s) => s.name === 'Consumer')!;
    const output = consumer.outputs().get('TopicArn')!;
    expect('value' in output && output.value).toMatch(/^arn:aws:sns:eu-west-1:111122223333:Shared-Alerts[A-Za-z0-9]*-[A-Z0-9]{13}$/);
  });

  test('a directory that is not an assembly', () => {
    expectTemplateError(() => loadStackSources({ assemblyDir: dir }), `${dir} is not a cloud assembly: it has no manifest.json`);
  });
});

describe('template files', () => {
  test('YAML with a nested stack next to it, and JSON', () => {
    const parent = path.join(dir, 'parent.yaml');
    fs.writeFileSync(path.join(dir, 'child.json'), JSON.stringify({
      Parameters: { Name: { Type: 'String' } },
      Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { Ref: 'Name' } } } },
      Outputs: { Arn: { Value: { Ref: 'Topic' } } },
    }));
    fs.writeFileSync(parent, [
      'Resources:',
      '  Child:',
      '    Type: AWS::CloudFormation::Stack',
      '    Properties:',
      '      TemplateURL: ./child.json',
      '      Parameters:',
      '        Name: !Sub ${AWS::StackName}-topic',
      'Outputs:',
      '  FromChild:',
      '    Value: !GetAtt Child.Outputs.Arn',
    ].join('\n'));
    const [source] = loadStackSources({ templateFile: parent, region: 'ap-southeast-2' });
    expect(source.stackName).toBe('parent');
    const evaluation = new AssemblyEvaluation([source], { seed: SEED }).run();
    const output = evaluation.stacks[0].outputs().get('FromChild')!;
    expect('value' in output && output.value).toBe('arn:aws:sns:ap-southeast-2:123456789012:parent-topic');
  });

  test('nested stack parameters are checked like stack parameters', () => {
    const parent = path.join(dir, 'bad-parent.json');
    fs.writeFileSync(parent, JSON.stringify({ Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'child.json', Parameters: { Wrong: 'x' } } } } }));
    expectTemplateError(() => new AssemblyEvaluation(loadStackSources({ templateFile: parent }), { seed: SEED }).run(), 'Parameters: [Wrong] do not exist in the template');
  });

  test('a nested template that cannot be found, and a missing file', () => {
    const parent = path.join(dir, 'remote.json');
    fs.writeFileSync(parent, JSON.stringify({ Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://bucket.s3.amazonaws.com/x.json' } } } }));
    expectTemplateError(() => new AssemblyEvaluation(loadStackSources({ templateFile: parent }), { seed: SEED }).run(), /The template of nested stack Child was not found/);
    expectTemplateError(() => loadStackSources({ templateFile: path.join(dir, 'none.yaml') }), /does not exist/);
  });

  test('two stacks with one name are refused', () => {
    const tpl = { Resources: { T: { Type: 'AWS::SNS::Topic' } } };
    const sources = [...loadStackSources({ template: tpl, stackName: 'A' }), ...loadStackSources({ template: tpl, stackName: 'A' })];
    expectTemplateError(() => new AssemblyEvaluation(sources, { seed: SEED }), 'Two stacks are named A; stack names must be unique');
  });
});
