import { parseTemplateText } from '../../../src/simulator/template';
import { expectTemplateError } from '../helpers';

describe('parseTemplateText', () => {
  test('reads JSON templates', () => {
    const parsed = parseTemplateText('{"Resources":{"A":{"Type":"AWS::SNS::Topic"}}}');
    expect(parsed.Resources.A.Type).toBe('AWS::SNS::Topic');
  });

  test('rewrites every YAML short-form tag to the long form', () => {
    const parsed = parseTemplateText(`
Resources:
  A:
    Type: AWS::SSM::Parameter
    Properties:
      Ref1: !Ref Param
      Att: !GetAtt Cache.ConfigurationEndPoint.Address
      AttList: !GetAtt [Cache, Arn]
      Joined: !Join ['-', [!Ref AWS::Region, !Select [0, !GetAZs '']]]
      Subbed: !Sub '\${AWS::StackName}-x'
      SubList: !Sub ['\${A}', { A: !Ref B }]
      Chosen: !If [IsProd, !Base64 abc, !Ref AWS::NoValue]
      Split: !Split [',', 'a,b']
      Mapped: !FindInMap [M, K1, K2]
      Cidrs: !Cidr ['10.0.0.0/16', 2, 8]
      Imported: !ImportValue Shared
      Len: !Length [1, 2]
      AsJson: !ToJsonString { a: 1 }
Conditions:
  IsProd: !And [!Equals [!Ref Env, prod], !Not [!Condition Other], !Or [!Condition X, !Condition Y]]
`);
    const props = parsed.Resources.A.Properties!;
    expect(props.Ref1).toEqual({ Ref: 'Param' });
    expect(props.Att).toEqual({ 'Fn::GetAtt': ['Cache', 'ConfigurationEndPoint.Address'] });
    expect(props.AttList).toEqual({ 'Fn::GetAtt': ['Cache', 'Arn'] });
    expect(props.Joined).toEqual({ 'Fn::Join': ['-', [{ Ref: 'AWS::Region' }, { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }]] });
    expect(props.Subbed).toEqual({ 'Fn::Sub': '${AWS::StackName}-x' });
    expect(props.SubList).toEqual({ 'Fn::Sub': ['${A}', { A: { Ref: 'B' } }] });
    expect(props.Chosen).toEqual({ 'Fn::If': ['IsProd', { 'Fn::Base64': 'abc' }, { Ref: 'AWS::NoValue' }] });
    expect(props.Split).toEqual({ 'Fn::Split': [',', 'a,b'] });
    expect(props.Mapped).toEqual({ 'Fn::FindInMap': ['M', 'K1', 'K2'] });
    expect(props.Cidrs).toEqual({ 'Fn::Cidr': ['10.0.0.0/16', 2, 8] });
    expect(props.Imported).toEqual({ 'Fn::ImportValue': 'Shared' });
    expect(props.Len).toEqual({ 'Fn::Length': [1, 2] });
    expect(props.AsJson).toEqual({ 'Fn::ToJsonString': { a: 1 } });
    expect(parsed.Conditions!.IsProd).toEqual({
      'Fn::And': [
        { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
        { 'Fn::Not': [{ Condition: 'Other' }] },
        { 'Fn::Or': [{ Condition: 'X' }, { Condition: 'Y' }] },
      ],
    });
  });

  test('keeps the text of YAML numbers, so versions like 6.0 stay 6.0', () => {
    const parsed = parseTemplateText('Resources:\n  A:\n    Type: AWS::ElastiCache::CacheCluster\n    Properties:\n      EngineVersion: 6.0\n      NumCacheNodes: 2\n      Flag: true\n');
    expect(parsed.Resources.A.Properties).toEqual({ EngineVersion: '6.0', NumCacheNodes: '2', Flag: true });
  });

  test('reports malformed JSON and YAML with their position', () => {
    expectTemplateError(() => parseTemplateText('{"Resources": {'), /^Template format error: JSON not well-formed\./);
    expectTemplateError(() => parseTemplateText('Resources:\n  A: [\n'), /^Template format error: YAML not well-formed\. \(line \d+, column \d+\)$/);
  });

  test('requires resources, each with a Type, and only known sections', () => {
    expectTemplateError(() => parseTemplateText('{"Resources": {}}'), 'Template format error: At least one Resources member must be defined.');
    expectTemplateError(() => parseTemplateText('{"Resources": {"A": {}}}'), 'Template format error: [/Resources/A] Every Resources object must contain a Type member.');
    expectTemplateError(() => parseTemplateText('{"Resources": {"A": {"Type": "X"}}, "Bogus": 1}'), 'Template format error: Invalid template property or properties [Bogus]');
  });

  test('accepts a stack without resources when asked (empty CDK stacks)', () => {
    expect(parseTemplateText('{"Parameters": {}}', 'S', { allowNoResources: true }).Resources).toEqual({});
  });
});
