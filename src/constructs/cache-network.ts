import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { CacheNetworkProps } from './node-cache-options';
import { ISubnetGroup, SubnetGroup } from './subnet-group';
import { ValidationError } from './validation';

/** Where a node-based cache's nodes go and which security groups guard them. */
export interface CacheNetwork {
  readonly subnetGroup: ISubnetGroup;
  readonly securityGroups: ec2.ISecurityGroup[];
}

/**
 * The subnet group (the given one, or a new `SubnetGroup` child from the VPC) and the security
 * groups (the given ones, or a new one without ingress and without egress: caches never call out).
 * A cache always has a subnet group, which keeps it in the VPC (cdk-nag AEC1).
 */
export function cacheNetwork(scope: Construct, props: CacheNetworkProps, kind: string): CacheNetwork {
  if (props.subnetGroup && props.vpcSubnets) {
    throw new ValidationError(scope, 'vpcSubnets', 'set together with subnetGroup',
      'one of subnetGroup and vpcSubnets: a given subnet group already fixes the subnets');
  }
  const subnetGroup = props.subnetGroup ?? new SubnetGroup(scope, 'SubnetGroup', {
    vpc: props.vpc,
    vpcSubnets: props.vpcSubnets,
    description: `Subnets of the ${scope.node.path} ${kind}`,
  });
  return { subnetGroup, securityGroups: cacheSecurityGroups(scope, props.vpc, props.securityGroups, kind) };
}

/**
 * The given security groups (at least one), or a new `SecurityGroup` child without ingress and
 * without egress rules: caches never call out.
 */
export function cacheSecurityGroups(scope: Construct, vpc: ec2.IVpc, given: ec2.ISecurityGroup[] | undefined, kind: string): ec2.ISecurityGroup[] {
  if (given !== undefined && given.length === 0) {
    throw new ValidationError(scope, 'securityGroups', [], 'at least one security group (or leave it out to get a new one)');
  }
  return given ?? [new ec2.SecurityGroup(scope, 'SecurityGroup', {
    vpc,
    description: `Security group of the ${scope.node.path} ${kind}`,
    allowAllOutbound: false,
  })];
}
