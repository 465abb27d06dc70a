import { ec2Id, generatedName, nameProperty, passive, stableToken } from './common';
import type { ResourceTypeHandler, ResourceView } from './handler';
import { arn } from '../../naming/arns';
import { availabilityZonesOf, shortRegionCode } from '../../naming/regions';

const prop = (resource: ResourceView, name: string) => resource.properties()[name] ?? '';

function subnetZone(resource: ResourceView): string {
  const given = resource.properties().AvailabilityZone;
  if (typeof given === 'string') return given;
  const zones = availabilityZonesOf(resource.stack.env.region);
  const index = resource.stack.random.bytes(`subnet-az:${resource.stack.path}/${resource.logicalId}`, 1)[0] % zones.length;
  return zones[index];
}

function logGroupName(resource: ResourceView): string {
  return nameProperty(resource, 'LogGroupName', 512);
}

function topicName(resource: ResourceView): string {
  return nameProperty(resource, 'TopicName', 256);
}

function kmsKeyId(resource: ResourceView): string {
  return resource.stack.random.uuid(`kms:${resource.stack.path}/${resource.logicalId}`);
}

/**
 * Resource types that ElastiCache templates reference (networking, keys, log and notification
 * destinations, roles): their `Ref` and `Fn::GetAtt` values are well-formed fakes.
 */
export const AWS_TYPES: Record<string, ResourceTypeHandler> = {
  'AWS::EC2::VPC': passive((r) => ec2Id(r, 'vpc'), {
    VpcId: (r) => ec2Id(r, 'vpc'),
    CidrBlock: (r) => prop(r, 'CidrBlock'),
    CidrBlockAssociations: (r) => [ec2Id(r, 'vpc-cidr-assoc')],
    DefaultNetworkAcl: (r) => ec2Id(r, 'acl', 'default-acl'),
    DefaultSecurityGroup: (r) => ec2Id(r, 'sg', 'default-sg'),
    Ipv6CidrBlocks: () => [],
  }),
  'AWS::EC2::Subnet': passive((r) => ec2Id(r, 'subnet'), {
    SubnetId: (r) => ec2Id(r, 'subnet'),
    VpcId: (r) => prop(r, 'VpcId'),
    CidrBlock: (r) => prop(r, 'CidrBlock'),
    AvailabilityZone: subnetZone,
    AvailabilityZoneId: (r) => `${shortRegionCode(r.stack.env.region)}-az${availabilityZonesOf(r.stack.env.region).indexOf(subnetZone(r)) + 1}`,
    Ipv6CidrBlocks: () => [],
    NetworkAclAssociationId: (r) => ec2Id(r, 'aclassoc'),
    OutpostArn: () => '',
  }),
  'AWS::EC2::SecurityGroup': passive((r) => (r.properties().VpcId === undefined ? nameProperty(r, 'GroupName', 255) : ec2Id(r, 'sg')), {
    GroupId: (r) => ec2Id(r, 'sg'),
    VpcId: (r) => prop(r, 'VpcId'),
  }),
  'AWS::EC2::SecurityGroupIngress': passive((r) => ec2Id(r, 'sgr')),
  'AWS::EC2::SecurityGroupEgress': passive((r) => ec2Id(r, 'sgr')),
  'AWS::EC2::InternetGateway': passive((r) => ec2Id(r, 'igw'), { InternetGatewayId: (r) => ec2Id(r, 'igw') }),
  'AWS::EC2::NatGateway': passive((r) => ec2Id(r, 'nat'), { NatGatewayId: (r) => ec2Id(r, 'nat') }),
  'AWS::EC2::RouteTable': passive((r) => ec2Id(r, 'rtb'), { RouteTableId: (r) => ec2Id(r, 'rtb') }),
  'AWS::EC2::SubnetRouteTableAssociation': passive((r) => ec2Id(r, 'rtbassoc'), { Id: (r) => ec2Id(r, 'rtbassoc') }),
  'AWS::EC2::NetworkAcl': passive((r) => ec2Id(r, 'acl'), { Id: (r) => ec2Id(r, 'acl') }),
  'AWS::EC2::VPCEndpoint': passive((r) => ec2Id(r, 'vpce'), { Id: (r) => ec2Id(r, 'vpce'), DnsEntries: () => [], NetworkInterfaceIds: () => [] }),
  'AWS::EC2::EIP': passive((r) => eipAddress(r), { AllocationId: (r) => ec2Id(r, 'eipalloc'), PublicIp: (r) => eipAddress(r) }),
  'AWS::KMS::Key': passive(kmsKeyId, {
    KeyId: kmsKeyId,
    Arn: (r) => arn(r.stack.env, 'kms', `key/${kmsKeyId(r)}`),
  }),
  'AWS::KMS::Alias': passive((r) => String(prop(r, 'AliasName'))),
  'AWS::Logs::LogGroup': passive(logGroupName, {
    Arn: (r) => arn(r.stack.env, 'logs', `log-group:${logGroupName(r)}:*`),
  }),
  'AWS::SNS::Topic': passive((r) => arn(r.stack.env, 'sns', topicName(r)), {
    TopicArn: (r) => arn(r.stack.env, 'sns', topicName(r)),
    TopicName: topicName,
  }),
  'AWS::IAM::Role': passive((r) => nameProperty(r, 'RoleName', 64), {
    Arn: (r) => arn(r.stack.env, 'iam', `role${typeof r.properties().Path === 'string' ? r.properties().Path : '/'}${nameProperty(r, 'RoleName', 64)}`, ''),
    RoleId: (r) => `AROA${stableToken(r, 'role-id', 17)}`,
  }),
  'AWS::Lambda::Function': passive((r) => nameProperty(r, 'FunctionName', 64), {
    Arn: (r) => arn(r.stack.env, 'lambda', `function:${nameProperty(r, 'FunctionName', 64)}`),
  }),
  'AWS::S3::Bucket': passive((r) => nameProperty(r, 'BucketName', 63, true), {
    Arn: (r) => arn(r.stack.env, 's3', nameProperty(r, 'BucketName', 63, true), '', ''),
    DomainName: (r) => `${nameProperty(r, 'BucketName', 63, true)}.s3.${r.stack.env.urlSuffix}`,
    RegionalDomainName: (r) => `${nameProperty(r, 'BucketName', 63, true)}.s3.${r.stack.env.region}.${r.stack.env.urlSuffix}`,
  }),
  'AWS::KinesisFirehose::DeliveryStream': passive((r) => nameProperty(r, 'DeliveryStreamName', 64), {
    Arn: (r) => arn(r.stack.env, 'firehose', `deliverystream/${nameProperty(r, 'DeliveryStreamName', 64)}`),
  }),
  'AWS::CloudWatch::Alarm': passive((r) => nameProperty(r, 'AlarmName', 255), {
    Arn: (r) => arn(r.stack.env, 'cloudwatch', `alarm:${nameProperty(r, 'AlarmName', 255)}`),
  }),
  'AWS::SSM::Parameter': {
    essential: true,
    physicalId: (r) => nameProperty(r, 'Name', 2048),
    attribute: (r, name) => (name === 'Type' || name === 'Value' ? prop(r, name) : undefined),
  },
  'AWS::CDK::Metadata': passive((r) => generatedName(r)),
};

/** Addresses from TEST-NET-3 (RFC 5737), never routable. */
function eipAddress(resource: ResourceView): string {
  const b = resource.stack.random.bytes(`eip:${resource.stack.path}/${resource.logicalId}`, 1);
  return `203.0.113.${1 + (b[0] % 254)}`;
}

/** `Custom::*` resources: nothing runs them locally, so their attributes have no value. */
export function isCustomResourceType(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}
