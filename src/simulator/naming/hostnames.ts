import { shortRegionCode } from './regions';

/**
 * Endpoint hostnames in the formats ElastiCache gives them. The six-character `hash` is the same
 * for every cache of an account in a region (`mycluster.fnjyzo.cfg.use1…` and
 * `mycachecluster.fnjyzo.0001.use1…` in the Memcached guide, L2151, L2391); the simulator draws one
 * per account and region from its seed.
 *
 * Sources for each format:
 * - Memcached configuration and node endpoints: Memcached guide L4603–4606.
 * - Replication groups without TLS (`<id>.<hash>.ng.0001…`, `<id>-ro…`, `<id>-001.<hash>.0001…`):
 *   aws-cli examples/elasticache/describe-replication-groups.rst.
 * - With TLS (`master.`, `replica.`, `clustercfg.`, `<node>.<id>.<hash>…`) and cluster mode without TLS
 *   (`<id>.<hash>.clustercfg…`, `<id>-0001-001.<hash>.0001…`): the endpoint grammar that
 *   gravitational/teleport parses in lib/utils/aws/endpoint.go (ParseElastiCacheEndpoint).
 * - Serverless (`<name>-<hash>.serverless.use1…`): Memcached guide L1144–1145.
 */
export class HostnameFormatter {
  private readonly tail: string;

  constructor(region: string, urlSuffix: string, private readonly hash: string) {
    this.tail = `${shortRegionCode(region)}.cache.${urlSuffix}`;
  }

  public memcachedConfiguration(clusterId: string): string {
    return `${clusterId}.${this.hash}.cfg.${this.tail}`;
  }

  /** Memcached node endpoint, also the endpoint of a single-node Valkey/Redis OSS cache cluster. */
  public cacheNode(clusterId: string, cacheNodeId: string): string {
    return `${clusterId}.${this.hash}.${cacheNodeId}.${this.tail}`;
  }

  public primary(groupId: string, tls: boolean): string {
    return tls ? `master.${groupId}.${this.hash}.${this.tail}` : `${groupId}.${this.hash}.ng.0001.${this.tail}`;
  }

  public reader(groupId: string, tls: boolean): string {
    return tls ? `replica.${groupId}.${this.hash}.${this.tail}` : `${groupId}-ro.${this.hash}.ng.0001.${this.tail}`;
  }

  public configuration(groupId: string, tls: boolean): string {
    return tls ? `clustercfg.${groupId}.${this.hash}.${this.tail}` : `${groupId}.${this.hash}.clustercfg.${this.tail}`;
  }

  /** A member of a replication group: `memberId` is `<group>-001` or `<group>-0001-001`. */
  public member(groupId: string, memberId: string, shardId: string, tls: boolean): string {
    return tls ? `${memberId}.${groupId}.${this.hash}.${this.tail}` : `${memberId}.${this.hash}.${shardId}.${this.tail}`;
  }

  public serverless(name: string): string {
    return `${name}-${this.hash}.serverless.${this.tail}`;
  }
}
