import { AssemblyEvaluation, loadStackSources } from '../../../src/simulator/template';
import { expectTemplateError, SEED } from '../helpers';
import { evaluate, valueOf } from './evaluate';

const PARAMS = {
  Parameters: {
    Env: { Type: 'String', Default: 'prod' },
    Count: { Type: 'Number', Default: 3 },
    Names: { Type: 'CommaDelimitedList', Default: 'a, b,c' },
  },
};

describe('Ref', () => {
  test('parameters, pseudo parameters and resources', () => {
    expect(valueOf({ Ref: 'Env' }, PARAMS)).toBe('prod');
    expect(valueOf({ Ref: 'Count' }, PARAMS)).toBe('3');
    expect(valueOf({ Ref: 'Names' }, PARAMS)).toEqual(['a', 'b', 'c']);
    expect(valueOf({ Ref: 'AWS::Region' })).toBe('eu-west-1');
    expect(valueOf({ Ref: 'AWS::AccountId' })).toBe('111122223333');
    expect(valueOf({ Ref: 'AWS::Partition' })).toBe('aws');
    expect(valueOf({ Ref: 'AWS::URLSuffix' })).toBe('amazonaws.com');
    expect(valueOf({ Ref: 'AWS::StackName' })).toBe('S');
    expect(valueOf({ Ref: 'AWS::StackId' })).toMatch(/^arn:aws:cloudformation:eu-west-1:111122223333:stack\/S\/[0-9a-f-]{36}$/);
    expect(valueOf({ Ref: 'AWS::NotificationARNs' })).toEqual([]);
    const topic = { Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'alerts' } } } };
    expect(valueOf({ Ref: 'Topic' }, topic)).toBe('arn:aws:sns:eu-west-1:111122223333:alerts');
  });

  test('China and GovCloud regions have their partition and URL suffix', () => {
    const pseudo = (region: string) => {
      const sources = loadStackSources({ template: { Resources: { H: { Type: 'AWS::CloudFormation::WaitConditionHandle' } }, Outputs: { P: { Value: { 'Fn::Sub': '${AWS::Partition} ${AWS::URLSuffix}' } } } }, region });
      const output = new AssemblyEvaluation(sources, { seed: SEED }).run().stacks[0].outputs().get('P')!;
      return 'value' in output ? output.value : output.error;
    };
    expect(pseudo('cn-north-1')).toBe('aws-cn amazonaws.com.cn');
    expect(pseudo('us-gov-west-1')).toBe('aws-us-gov amazonaws.com');
  });

  test('AWS::NoValue removes the property or list element', () => {
    expect(valueOf({ a: { Ref: 'AWS::NoValue' }, b: 1 })).toEqual({ b: 1 });
    expect(valueOf(['x', { Ref: 'AWS::NoValue' }, 'y'])).toEqual(['x', 'y']);
  });

  test('unknown names are unresolved dependencies', () => {
    expectTemplateError(() => valueOf({ Ref: 'Missing' }), 'Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template');
  });
});

describe('Fn::GetAtt', () => {
  const vpc = { Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } } } };

  test('list and dotted forms, and an attribute name from a Ref', () => {
    expect(valueOf({ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, vpc)).toBe('10.0.0.0/16');
    expect(valueOf({ 'Fn::GetAtt': 'Vpc.CidrBlock' }, vpc)).toBe('10.0.0.0/16');
    const withParam = { ...vpc, Parameters: { Attr: { Type: 'String', Default: 'CidrBlock' } } };
    expect(valueOf({ 'Fn::GetAtt': ['Vpc', { Ref: 'Attr' }] }, withParam)).toBe('10.0.0.0/16');
  });

  test('attributes of AWS types are well-formed fakes', () => {
    const resources = {
      Resources: {
        Key: { Type: 'AWS::KMS::Key' },
        Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'slow' } },
        Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'r' } },
      },
    };
    expect(valueOf({ 'Fn::GetAtt': ['Key', 'Arn'] }, resources)).toMatch(/^arn:aws:kms:eu-west-1:111122223333:key\/[0-9a-f-]{36}$/);
    expect(valueOf({ 'Fn::GetAtt': ['Logs', 'Arn'] }, resources)).toBe('arn:aws:logs:eu-west-1:111122223333:log-group:slow:*');
    expect(valueOf({ 'Fn::GetAtt': ['Role', 'Arn'] }, resources)).toBe('arn:aws:iam::111122223333:role/r');
    expect(valueOf({ Ref: 'Key' }, resources)).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('unknown attributes, custom resources and unmodelled types fail clearly', () => {
    expectTemplateError(() => valueOf({ 'Fn::GetAtt': ['Vpc', 'Nope'] }, vpc), 'Template error: resource Vpc does not support attribute type Nope in Fn::GetAtt');
    expectTemplateError(() => valueOf({ 'Fn::GetAtt': ['Missing', 'Arn'] }), 'Template error: instance of Fn::GetAtt references undefined resource Missing');
    const custom = { Resources: { C: { Type: 'Custom::Thing', Properties: { ServiceToken: 'x' } } } };
    expectTemplateError(() => valueOf({ 'Fn::GetAtt': ['C', 'Value'] }, custom), /custom resources do not run in the simulator/);
    const other = { Resources: { Q: { Type: 'AWS::SQS::Queue' } } };
    expectTemplateError(() => valueOf({ 'Fn::GetAtt': ['Q', 'Arn'] }, other), /the simulator does not model AWS::SQS::Queue/);
    expectTemplateError(() => valueOf({ 'Fn::GetAtt': ['Vpc'] }, vpc), /requires two non-empty parameters/);
  });
});

describe('Fn::Join, Fn::Split, Fn::Select', () => {
  test('join strings, numbers and lists from functions', () => {
    expect(valueOf({ 'Fn::Join': ['-', ['a', 1, true]] })).toBe('a-1-true');
    expect(valueOf({ 'Fn::Join': [',', { 'Fn::GetAZs': '' }] })).toBe('eu-west-1a,eu-west-1b,eu-west-1c');
    expect(valueOf({ 'Fn::Join': ['', []] })).toBe('');
    expectTemplateError(() => valueOf({ 'Fn::Join': ['-', 'notalist'] }), /^Template error: every Fn::Join object requires two parameters/);
    expectTemplateError(() => valueOf({ 'Fn::Join': ['-', [{ a: 1 }]] }), /^Template error: every Fn::Join object/);
  });

  test('split and select', () => {
    expect(valueOf({ 'Fn::Split': [',', 'a,b,,c'] })).toEqual(['a', 'b', '', 'c']);
    expect(valueOf({ 'Fn::Select': ['1', { 'Fn::Split': [',', 'a,b,c'] }] })).toBe('b');
    expect(valueOf({ 'Fn::Select': [0, { Ref: 'Names' }] }, PARAMS)).toBe('a');
    expectTemplateError(() => valueOf({ 'Fn::Select': [3, ['a']] }), 'Template error: Fn::Select cannot select nonexistent value at index 3');
    expectTemplateError(() => valueOf({ 'Fn::Select': ['x', ['a']] }), /^Template error: Fn::Select requires a list argument/);
    expectTemplateError(() => valueOf({ 'Fn::Split': ['', 'a'] }), /^Template error: every Fn::Split object requires two parameters/);
  });
});

describe('Fn::Sub', () => {
  const resources = { Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 't' } } } };

  test('pseudo parameters, parameters, resources, attributes and literals', () => {
    expect(valueOf({ 'Fn::Sub': '${AWS::Region}/${Env}/${Topic}/${Topic.TopicName}/${!Literal}' }, { ...PARAMS, ...resources }))
      .toBe('eu-west-1/prod/arn:aws:sns:eu-west-1:111122223333:t/t/${Literal}');
  });

  test('the list form with its own variables, which win over parameters', () => {
    expect(valueOf({ 'Fn::Sub': ['${Env}-${Extra}', { Env: 'dev', Extra: { 'Fn::Join': ['', ['x', 'y']] } }] }, PARAMS)).toBe('dev-xy');
  });

  test('wrong arguments and list values fail', () => {
    expectTemplateError(() => valueOf({ 'Fn::Sub': ['a', 'b'] }), /^Template error: One or more Fn::Sub intrinsic functions/);
    expectTemplateError(() => valueOf({ 'Fn::Sub': '${Names}' }, PARAMS), /Fn::Sub variable \$\{Names\} does not resolve to a string/);
  });
});

describe('conditions', () => {
  const sections = {
    ...PARAMS,
    Conditions: {
      IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      CountIs3: { 'Fn::Equals': [{ Ref: 'Count' }, 3] },
      Both: { 'Fn::And': [{ Condition: 'IsProd' }, { Condition: 'CountIs3' }] },
      Either: { 'Fn::Or': [{ Condition: 'IsDev' }, { 'Fn::Equals': ['a', 'b'] }] },
    },
  };

  test('Fn::If follows Equals, And, Or, Not and Condition', () => {
    expect(valueOf({ 'Fn::If': ['IsProd', 'p', 'd'] }, sections)).toBe('p');
    expect(valueOf({ 'Fn::If': ['IsDev', 'p', 'd'] }, sections)).toBe('d');
    expect(valueOf({ 'Fn::If': ['CountIs3', 'yes', 'no'] }, sections)).toBe('yes');
    expect(valueOf({ 'Fn::If': ['Both', 'yes', 'no'] }, sections)).toBe('yes');
    expect(valueOf({ 'Fn::If': ['Either', 'yes', 'no'] }, sections)).toBe('no');
  });

  test('only the chosen branch is resolved', () => {
    expect(valueOf({ 'Fn::If': ['IsProd', 'ok', { Ref: 'DoesNotExist' }] }, sections)).toBe('ok');
  });

  test('parameter overrides change conditions', () => {
    expect(valueOf({ 'Fn::If': ['IsProd', 'p', 'd'] }, sections, { parameters: { Env: 'dev' } })).toBe('d');
  });

  test('conditions of resources and outputs decide what exists', () => {
    const evaluation = evaluate({
      ...sections,
      Resources: { Always: { Type: 'AWS::SNS::Topic' }, OnlyDev: { Type: 'AWS::SNS::Topic', Condition: 'IsDev' } },
      Outputs: { DevOut: { Value: 'x', Condition: 'IsDev' } },
    });
    const stack = evaluation.stacks[0];
    expect(stack.createdResources().map((r) => r.logicalId)).toEqual(['Always']);
    expect(stack.outputs().has('DevOut')).toBe(false);
  });

  test('a reference to a resource whose condition is false fails', () => {
    expectTemplateError(
      () => valueOf({ Ref: 'OnlyDev' }, { ...sections, Resources: { OnlyDev: { Type: 'AWS::SNS::Topic', Condition: 'IsDev' } } }),
      'Template format error: Unresolved resource dependencies [OnlyDev] in the Resources block of the template',
    );
  });

  test('argument counts, unknown conditions and resources in conditions are errors', () => {
    expectTemplateError(() => valueOf({ 'Fn::If': ['Nope', 1, 2] }, sections), 'Template format error: Unresolved condition dependency Nope');
    expectTemplateError(() => valueOf({ 'Fn::If': ['A', 1, 2] }, { Conditions: { A: { 'Fn::And': [true] } } }), /every Fn::And object requires a list of at least 2 and at most 10/);
    expectTemplateError(() => valueOf({ 'Fn::If': ['A', 1, 2] }, { Conditions: { A: { 'Fn::Not': [true, false] } } }), /every Fn::Not object requires a list of 1 boolean parameter/);
    expectTemplateError(() => valueOf({ 'Fn::If': ['A', 1, 2] }, { Conditions: { A: { 'Fn::Equals': ['a'] } } }), /every Fn::Equals object requires a list of 2/);
    expectTemplateError(
      () => valueOf({ 'Fn::If': ['A', 1, 2] }, { Resources: { T: { Type: 'AWS::SNS::Topic' } }, Conditions: { A: { 'Fn::Equals': [{ Ref: 'T' }, 'x'] } } }),
      'Template format error: Unresolved dependencies [T]. Cannot reference resources in the Conditions block of the template',
    );
    expectTemplateError(() => valueOf({ 'Fn::If': ['A', 1, 2] }, { Conditions: { A: { Condition: 'B' }, B: { Condition: 'A' } } }), /Circular dependency between conditions/);
  });
});

describe('Fn::FindInMap', () => {
  const mappings = { Mappings: { Sizes: { prod: { node: 'cache.r7g.large' }, dev: { node: 'cache.t4g.micro' } } } };

  test('looks up, takes keys from functions, and falls back to DefaultValue', () => {
    expect(valueOf({ 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'node'] }, { ...mappings, ...PARAMS })).toBe('cache.r7g.large');
    expect(valueOf({ 'Fn::FindInMap': ['Sizes', 'test', 'node', { DefaultValue: 'cache.t3.micro' }] }, mappings)).toBe('cache.t3.micro');
  });

  test('a missing key fails with the mapping path', () => {
    expectTemplateError(() => valueOf({ 'Fn::FindInMap': ['Sizes', 'test', 'node'] }, mappings), 'Template error: Unable to get mapping for Sizes::test::node');
  });
});

describe('Fn::Base64, Fn::Cidr, Fn::GetAZs, Fn::Length, Fn::ToJsonString', () => {
  test('Base64 encodes UTF-8', () => {
    expect(valueOf({ 'Fn::Base64': 'héllo' })).toBe(Buffer.from('héllo').toString('base64'));
  });

  test('Cidr carves consecutive IPv4 and IPv6 subnets', () => {
    expect(valueOf({ 'Fn::Cidr': ['10.0.0.0/16', 3, 8] })).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
    expect(valueOf({ 'Fn::Cidr': ['192.168.4.17/24', '2', '6'] })).toEqual(['192.168.4.0/26', '192.168.4.64/26']);
    expect(valueOf({ 'Fn::Cidr': ['2001:db8::/56', 2, 64] })).toEqual(['2001:db8::/64', '2001:db8:0:1::/64']);
    expectTemplateError(() => valueOf({ 'Fn::Cidr': ['10.0.0.0/24', 3, 7] }), /cannot fit 3 subnets of \/25/);
    expectTemplateError(() => valueOf({ 'Fn::Cidr': ['10.0.0.300/24', 1, 4] }), /^Template error: Fn::Cidr requires/);
  });

  test('GetAZs of the stack region or another region', () => {
    expect(valueOf({ 'Fn::GetAZs': '' })).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(valueOf({ 'Fn::GetAZs': 'us-east-1' })).toHaveLength(6);
    expect(valueOf({ 'Fn::GetAZs': { Ref: 'AWS::Region' } })).toHaveLength(3);
  });

  test('Length and ToJsonString (language extensions)', () => {
    expect(valueOf({ 'Fn::Length': { Ref: 'Names' } }, PARAMS)).toBe(3);
    expect(valueOf({ 'Fn::ToJsonString': { a: [1, { Ref: 'Env' }] } }, PARAMS)).toBe('{"a":[1,"prod"]}');
    expectTemplateError(() => valueOf({ 'Fn::ToJsonString': 'x' }), /Fn::ToJsonString requires an object or a list/);
  });
});

describe('Fn::ImportValue', () => {
  const exporter = {
    Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'shared' } } },
    Outputs: { TopicArn: { Value: { Ref: 'Topic' }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}-topic' } } } },
  };
  const importer = {
    Resources: { Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: { 'Fn::ImportValue': 'Exporter-topic' } } } },
  };
  const sources = (first: unknown, second: unknown, names: [string, string]) => [
    ...loadStackSources({ template: first, stackName: names[0] }),
    ...loadStackSources({ template: second, stackName: names[1] }),
  ];

  test('resolves exports of other stacks whatever their order', () => {
    for (const order of [[exporter, importer, ['Exporter', 'Importer']], [importer, exporter, ['Importer', 'Exporter']]] as const) {
      const evaluation = new AssemblyEvaluation(sources(order[0], order[1], order[2] as [string, string]), { seed: SEED }).run();
      const param = evaluation.allResources().find((r) => r.logicalId === 'Param')!;
      expect(param.properties().Value).toBe('arn:aws:sns:us-east-1:123456789012:shared');
    }
  });

  test('a missing export and a duplicate export fail', () => {
    expectTemplateError(() => new AssemblyEvaluation(loadStackSources({ template: importer, stackName: 'Importer' }), { seed: SEED }).run(), 'No export named Exporter-topic found');
    const twice = { ...exporter, Outputs: { ...exporter.Outputs, Again: { Value: 'x', Export: { Name: 'Exporter-topic' } } } };
    expectTemplateError(() => new AssemblyEvaluation(loadStackSources({ template: twice, stackName: 'Exporter' }), { seed: SEED }).run(), /Export with name Exporter-topic is already exported by stack Exporter/);
  });
});

describe('transforms', () => {
  test('AWS::LanguageExtensions is accepted, other transforms and Fn::ForEach are not', () => {
    expect(valueOf('x', { Transform: 'AWS::LanguageExtensions' })).toBe('x');
    expectTemplateError(() => valueOf('x', { Transform: 'AWS::Serverless-2016-10-31' }), /Transform "AWS::Serverless-2016-10-31" is not supported by the simulator/);
    expectTemplateError(() => valueOf('x', { Resources: { 'Fn::ForEach::Topics': [] } }), /Fn::ForEach is not supported/);
  });
});
