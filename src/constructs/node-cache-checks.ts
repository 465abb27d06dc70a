import { Token } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { Engine, EngineVersion, NodeType } from '../catalog';
import { IpDiscovery, NetworkType } from './node-cache-options';
import { checkOneOf, checkRange, isUncheckable, ValidationError } from './validation';
import { checkNodeTypeForEngine } from '../catalog/internal';

/**
 * Checks shared by the node-based caches: engine version and node type gates, port, network type
 * and IP discovery, notification topic. Each throws a `ValidationError` naming the prop.
 */

/** The engine is one the construct runs, and ElastiCache still creates clusters with the version. */
export function checkEngineVersion(scope: IConstruct, version: EngineVersion, engines: readonly Engine[]): void {
  checkOneOf(scope, 'engineVersion', version.engine, engines);
  if (version.deprecated) {
    throw new ValidationError(scope, 'engineVersion', version.toString(),
      'a supported version: ElastiCache no longer creates clusters with deprecated versions (Redis OSS before 4.0.10)');
  }
}

/** The node type is current generation and runs the engine version. */
export function checkNodeType(scope: IConstruct, nodeType: NodeType, version: EngineVersion): void {
  if (nodeType.isUnresolved || version.isUnresolved) return;
  const problem = checkNodeTypeForEngine(nodeType.name, version.engine as string as 'valkey' | 'redis' | 'memcached', version.version);
  if (problem) throw new ValidationError(scope, 'nodeType', nodeType.name, problem);
}

export function checkPort(scope: IConstruct, port: number): void {
  checkRange(scope, 'port', port, { min: 1, max: 65535, integer: true });
}

/**
 * IPv6 and dual stack need an engine version with IPv6; IP discovery must name an address family the
 * network type has (dual stack offers both).
 */
export function checkNetwork(scope: IConstruct, version: EngineVersion, networkType?: NetworkType, ipDiscovery?: IpDiscovery): void {
  checkOneOf(scope, 'networkType', networkType, Object.values(NetworkType));
  checkOneOf(scope, 'ipDiscovery', ipDiscovery, Object.values(IpDiscovery));
  if ((networkType === NetworkType.IPV6 || networkType === NetworkType.DUAL_STACK) && !version.supportsIpv6) {
    throw new ValidationError(scope, 'networkType', networkType,
      `"ipv4" with ${version}: IPv6 and dual stack need Valkey, Redis OSS 6.2 or later, or Memcached 1.6.6 or later`);
  }
  const family = networkType ?? NetworkType.IPV4;
  if (ipDiscovery !== undefined && family !== NetworkType.DUAL_STACK && ipDiscovery as string !== family as string) {
    throw new ValidationError(scope, 'ipDiscovery', ipDiscovery, `"${family}" (the only address family of networkType "${family}"); both are possible with "dual_stack"`);
  }
}

/**
 * ElastiCache publishes events only to a topic of the same account and Region, and an encrypted
 * topic turns inactive (000:L13404–13408).
 */
export function checkNotificationTopic(scope: IConstruct, topic: sns.ITopic | undefined, stackEnv: { account: string; region: string }): void {
  if (!topic) return;
  if (topic.masterKey) {
    throw new ValidationError(scope, 'notificationTopic', topic.node.path,
      'a topic without server-side encryption: ElastiCache shows an encrypted topic as inactive and publishes nothing to it');
  }
  for (const key of ['account', 'region'] as const) {
    const theirs = topic.env[key];
    const ours = stackEnv[key];
    if (!Token.isUnresolved(theirs) && !Token.isUnresolved(ours) && theirs !== ours) {
      throw new ValidationError(scope, 'notificationTopic', topic.node.path, `a topic in the cache's own ${key} (${ours}); this one is in ${theirs}`);
    }
  }
}

/** A node count or replica count, checked against a documented range (tokens pass). */
export function checkCount(scope: IConstruct, prop: string, value: number | undefined, min: number, max: number): void {
  if (isUncheckable(value)) return;
  checkRange(scope, prop, value, { min, max, integer: true });
}
