import { expectTemplateError } from '../helpers';
import { evaluate } from './evaluate';

describe('creation order', () => {
  test('dependencies first: DependsOn, Ref, GetAtt and Sub references', () => {
    const evaluation = evaluate({
      Resources: {
        Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmActions: [{ Ref: 'Topic' }] }, DependsOn: 'Log' },
        Sub: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: { 'Fn::Sub': '${Key.Arn}' } } },
        Topic: { Type: 'AWS::SNS::Topic' },
        Log: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: { 'Fn::GetAtt': ['Key', 'KeyId'] } } },
        Key: { Type: 'AWS::KMS::Key' },
      },
    });
    const order = evaluation.stacks[0].order;
    const before = (a: string, b: string) => expect(order.indexOf(a)).toBeLessThan(order.indexOf(b));
    before('Topic', 'Alarm');
    before('Log', 'Alarm');
    before('Key', 'Log');
    before('Key', 'Sub');
  });

  test('cycles are reported with the resources in them', () => {
    expectTemplateError(() => evaluate({
      Resources: {
        A: { Type: 'AWS::SNS::Topic', DependsOn: 'B' },
        B: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::GetAtt': ['A', 'TopicName'] } } },
        C: { Type: 'AWS::SNS::Topic' },
      },
    }), 'Circular dependency between resources: [A, B]');
  });

  test('DependsOn a resource that does not exist', () => {
    expectTemplateError(() => evaluate({ Resources: { A: { Type: 'AWS::SNS::Topic', DependsOn: ['Nope'] } } }),
      'Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template');
  });

  test('a failing resource nothing simulated depends on becomes a warning', () => {
    const evaluation = evaluate({
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { X: { 'Fn::GetAtt': ['Custom', 'Value'] } } } } },
        Custom: { Type: 'Custom::Thing', Properties: { ServiceToken: 'arn' } },
      },
    });
    expect(evaluation.warnings.join('\n')).toMatch(/S\/Fn \(AWS::Lambda::Function\) is not simulated: .*custom resources do not run in the simulator/);
  });
});
