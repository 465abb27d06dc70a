import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { ISubnetGroup } from './subnet-group';

/**
 * Settings shared by the node-based caches (Memcached clusters and Valkey / Redis OSS replication
 * groups), as CloudFormation spells them.
 */

/** The IP protocols of a cache's endpoints (`NetworkType`). Fixed at creation. */
export enum NetworkType {
  /** IPv4 only. */
  IPV4 = 'ipv4',
  /** IPv6 only: the subnets must be IPv6-only (Valkey, Redis OSS 6.2+, Memcached 1.6.6+). */
  IPV6 = 'ipv6',
  /** IPv4 and IPv6: the subnets must be dual-stack (Valkey, Redis OSS 6.2+, Memcached 1.6.6+). */
  DUAL_STACK = 'dual_stack',
}

/** Which addresses discovery returns to clients (`IpDiscovery`): cluster slots, Memcached auto discovery. */
export enum IpDiscovery {
  /** IPv4 addresses. */
  IPV4 = 'ipv4',
  /** IPv6 addresses. */
  IPV6 = 'ipv6',
}

/** Whether clients must use TLS when in-transit encryption is on (`TransitEncryptionMode`). */
export enum TransitEncryptionMode {
  /** Only TLS connections are accepted. */
  REQUIRED = 'required',
  /** TLS and plain connections are both accepted, to migrate clients (Valkey, Redis OSS 7.0+). */
  PREFERRED = 'preferred',
}

/** How the nodes of a Memcached cluster are spread over Availability Zones (`AZMode`). */
export enum AzMode {
  /** Every node in one Availability Zone. */
  SINGLE_AZ = 'single-az',
  /** Nodes spread over the Availability Zones of the subnet group. */
  CROSS_AZ = 'cross-az',
}

/** Where the nodes of a node-based cache are placed: VPC, subnets and security groups. */
export interface CacheNetworkProps {
  /** The VPC of the cache. */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets of the nodes, for the subnet group created when `subnetGroup` is not given.
   * @default private subnets with egress; if none, isolated subnets; if none, public subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The subnet group of the cache.
   * @default a new subnet group from `vpc` and `vpcSubnets`
   */
  readonly subnetGroup?: ISubnetGroup;

  /**
   * The security groups of the nodes.
   * @default a new security group without ingress rules (allow clients with `connections`)
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}
