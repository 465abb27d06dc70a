import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { nagViolations, stackWithVpc } from './helpers';
import { SubnetGroup } from '../../src/constructs';

function vpcWith(stack: Stack, types: ec2.SubnetType[]): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: types.includes(ec2.SubnetType.PRIVATE_WITH_EGRESS) ? 1 : 0,
    subnetConfiguration: types.map((subnetType) => ({ name: subnetType.toLowerCase().replace(/_/g, ''), subnetType })),
  });
}

describe('SubnetGroup', () => {
  test('defaults to the private subnets with egress, a generated description and a CloudFormation name', () => {
    const { stack, vpc } = stackWithVpc();
    new SubnetGroup(stack, 'Subnets', { vpc });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      Description: 'Subnet group for Stack/Subnets',
      SubnetIds: [{ Ref: Match.stringLikeRegexp('VpcprivateSubnet1') }, { Ref: Match.stringLikeRegexp('VpcprivateSubnet2') }],
      CacheSubnetGroupName: Match.absent(),
    });
  });

  test('falls back to isolated subnets when there are no private ones', () => {
    const stack = new Stack(new App(), 'Stack');
    const vpc = vpcWith(stack, [ec2.SubnetType.PUBLIC, ec2.SubnetType.PRIVATE_ISOLATED]);
    new SubnetGroup(stack, 'Subnets', { vpc });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: [{ Ref: Match.stringLikeRegexp('VpcisolatedSubnet1') }, { Ref: Match.stringLikeRegexp('VpcisolatedSubnet2') }],
    });
    Annotations.fromStack(stack).hasNoWarning('/Stack/Subnets', Match.anyValue());
  });

  test('falls back to public subnets with a warning when the VPC has nothing else', () => {
    const stack = new Stack(new App(), 'Stack');
    const vpc = vpcWith(stack, [ec2.SubnetType.PUBLIC]);
    new SubnetGroup(stack, 'Subnets', { vpc });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: [{ Ref: Match.stringLikeRegexp('publicSubnet1') }, { Ref: Match.stringLikeRegexp('publicSubnet2') }],
    });
    Annotations.fromStack(stack).hasWarning('/Stack/Subnets', Match.stringLikeRegexp('uses public subnets'));
  });

  test('an explicit public selection is not warned about', () => {
    const { stack, vpc } = stackWithVpc();
    new SubnetGroup(stack, 'Subnets', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    Annotations.fromStack(stack).hasNoWarning('/Stack/Subnets', Match.anyValue());
  });

  test('the name is lower-cased and consumers get a Ref', () => {
    const { stack, vpc } = stackWithVpc();
    const group = new SubnetGroup(stack, 'Subnets', { vpc, subnetGroupName: 'My-Cache-Subnets', description: 'cache subnets' });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::SubnetGroup', { CacheSubnetGroupName: 'my-cache-subnets', Description: 'cache subnets' });
    expect(stack.resolve(group.subnetGroupName)).toEqual({ Ref: stack.getLogicalId(group.resource) });
  });

  test('a token name is passed through unchanged', () => {
    const { stack, vpc } = stackWithVpc();
    const name = new CfnParameter(stack, 'Name', { type: 'String' });
    new SubnetGroup(stack, 'Subnets', { vpc, subnetGroupName: name.valueAsString });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::SubnetGroup', { CacheSubnetGroupName: { Ref: 'Name' } });
  });

  test.each([
    ['a name with an underscore', { subnetGroupName: 'my_subnets' }, 'subnetGroupName "my_subnets" is not allowed: 1 to 255 letters, digits or hyphens'],
    ['a name of 256 characters', { subnetGroupName: 'a'.repeat(256) }, 'subnetGroupName'],
    ['an empty name', { subnetGroupName: '' }, 'subnetGroupName "" is not allowed'],
    ['a description of 256 characters', { description: 'd'.repeat(256) }, 'description'],
  ])('%s is refused', (_n, props, expected) => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new SubnetGroup(stack, 'Subnets', { vpc, ...props })).toThrow(`Stack/Subnets: ${expected}`);
  });

  test('fromSubnetGroupName keeps the name', () => {
    const { stack } = stackWithVpc();
    expect(SubnetGroup.fromSubnetGroupName(stack, 'I', 'existing-group').subnetGroupName).toBe('existing-group');
  });
});

describe('SubnetGroup: cdk-nag', () => {
  test('a default subnet group has no AwsSolutions findings', () => {
    const { stack, vpc } = stackWithVpc();
    expect(nagViolations(new SubnetGroup(stack, 'Subnets', { vpc }))).toEqual([]);
  });
});
