import { expectTemplateError } from '../helpers';
import { evaluate, valueOf } from './evaluate';

const declare = (parameters: Record<string, unknown>) => ({ Parameters: parameters });

describe('parameters', () => {
  test('defaults, overrides and list types', () => {
    const sections = declare({
      Size: { Type: 'String', Default: 'small' },
      Ports: { Type: 'List<Number>', Default: '6379,6380' },
      Zones: { Type: 'List<AWS::EC2::AvailabilityZone::Name>', Default: 'eu-west-1a,eu-west-1b' },
    });
    expect(valueOf({ Ref: 'Size' }, sections)).toBe('small');
    expect(valueOf({ Ref: 'Size' }, sections, { parameters: { Size: 'large' } })).toBe('large');
    expect(valueOf({ Ref: 'Ports' }, sections)).toEqual(['6379', '6380']);
    expect(valueOf({ Ref: 'Ports' }, sections, { parameters: { Ports: ['1', '2'] } })).toEqual(['1', '2']);
    expect(valueOf({ Ref: 'Zones' }, sections)).toEqual(['eu-west-1a', 'eu-west-1b']);
  });

  test('a parameter without default or override is an error', () => {
    expectTemplateError(() => valueOf('x', declare({ A: { Type: 'String' }, B: { Type: 'Number' } })), 'Parameters: [A, B] must have values');
  });

  test('per-stack overrides must name declared parameters; shared ones need not', () => {
    const sections = declare({ A: { Type: 'String', Default: 'a' } });
    expect(valueOf({ Ref: 'A' }, sections, { parameters: { Unrelated: 'x' } })).toBe('a');
    expectTemplateError(() => valueOf({ Ref: 'A' }, sections, { stackParameters: { S: { B: 'x' } } }), 'Parameters: [B] do not exist in the template');
    expect(valueOf({ Ref: 'A' }, sections, { stackParameters: { S: { A: 'z' } } })).toBe('z');
  });

  test('constraints fail with CloudFormation messages', () => {
    const check = (parameter: Record<string, unknown>, value: string) => () => valueOf('x', declare({ P: parameter }), { parameters: { P: value } });
    expectTemplateError(check({ Type: 'String', AllowedValues: ['a', 'b'] }, 'c'), "Parameter 'P' must be one of AllowedValues");
    expectTemplateError(check({ Type: 'String', AllowedPattern: '[a-z]+' }, 'abc1'), "Parameter 'P' must match pattern [a-z]+");
    expectTemplateError(check({ Type: 'String', MinLength: 3 }, 'ab'), "Parameter 'P' must contain at least 3 characters");
    expectTemplateError(check({ Type: 'String', MaxLength: 2 }, 'abc'), "Parameter 'P' must contain at most 2 characters");
    expectTemplateError(check({ Type: 'Number' }, 'ten'), "Parameter 'P' must be a number");
    expectTemplateError(check({ Type: 'Number', MinValue: 5 }, '4'), "Parameter 'P' must be a number not less than 5");
    expectTemplateError(check({ Type: 'Number', MaxValue: 5 }, '6'), "Parameter 'P' must be a number not greater than 5");
    expectTemplateError(check({ Type: 'CommaDelimitedList', AllowedValues: ['a', 'b'] }, 'a,c'), "Parameter 'P' must be one of AllowedValues");
    expect(valueOf({ Ref: 'P' }, declare({ P: { Type: 'String', AllowedValues: ['a', 'b'] } }), { parameters: { P: 'b' } })).toBe('b');
  });

  test('SSM parameter types take their values from the supplied SSM parameters', () => {
    const sections = declare({ Node: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cache/node-type' } });
    expect(valueOf({ Ref: 'Node' }, sections, { ssmParameters: { '/cache/node-type': 'cache.t4g.small' } })).toBe('cache.t4g.small');
    expect(valueOf({ Ref: 'Node' }, sections, { parameters: { Node: '/other' }, ssmParameters: { '/other': 'cache.m7g.large' } })).toBe('cache.m7g.large');
    // Unused, an unresolvable SSM parameter is no error; used, it is CloudFormation's.
    expect(valueOf('unused', sections)).toBe('unused');
    expectTemplateError(() => valueOf({ Ref: 'Node' }, sections), 'Unable to fetch parameters [/cache/node-type] from parameter store for this account.');
  });

  test('NoEcho values are kept but flagged', () => {
    const evaluation = evaluate({ Parameters: { Token: { Type: 'String', NoEcho: true, Default: 'secret' } }, Resources: { H: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } });
    expect(evaluation.stacks[0].parameters.get('Token')).toEqual({ value: 'secret', noEcho: true });
  });
});
