/**
 * ElastiCache Auto Discovery: the cluster configuration every node of a Memcached cluster serves
 * through `config get cluster` (engines ≥ 1.4.14) and the reserved key `AmazonElastiCache:cluster`
 * (older clients). The payload is the config version on one LF-terminated line, then the nodes as
 * `hostname|ip|port` separated by spaces, sorted by hostname, on a second LF-terminated line.
 */

/** One node as Auto Discovery lists it. */
export interface ClusterNode {
  /** DNS name of the node endpoint. */
  readonly host: string;
  /** Private IP address; printed empty (`host||port`) when unknown. */
  readonly ip?: string;
  readonly port: number;
}

/** The key pre-1.4.14 clients read with `get`. */
export const LEGACY_DISCOVERY_KEY = 'AmazonElastiCache:cluster';

export class ClusterConfig {
  private body: Buffer;

  constructor(readonly version: number, readonly nodes: readonly ClusterNode[]) {
    if (!Number.isInteger(version) || version < 0) throw new Error(`cluster config version must be a non-negative integer, got ${version}`);
    for (const n of nodes) {
      if (!n.host || /[\s|]/.test(n.host)) throw new Error(`cluster node host ${JSON.stringify(n.host)} must be non-empty without spaces or '|'`);
      if (n.ip !== undefined && /[\s|]/.test(n.ip)) throw new Error(`cluster node ip ${JSON.stringify(n.ip)} must not contain spaces or '|'`);
      if (!Number.isInteger(n.port) || n.port < 1 || n.port > 65535) throw new Error(`cluster node port ${n.port} is out of range (1..65535)`);
    }
    const sorted = [...nodes].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
    const list = sorted.map((n) => `${n.host}|${n.ip ?? ''}|${n.port}`).join(' ');
    this.body = Buffer.from(`${version}\n${list}\n`, 'latin1');
  }

  /** The data block: `<version>\n<node list>\n`. */
  payload(): Buffer {
    return this.body;
  }
}
