/**
 * Where each AWS-format hostname is reachable locally. Clients that connect by hostname (from
 * stack outputs, or because nodes announce hostnames in CLUSTER SLOTS) resolve them through this
 * map: as `host:port` pairs (ioredis `natMap`, node-redis `nodeAddressMap`) or per hostname (a
 * DNS lookup returning 127.0.0.1).
 */
import type { LocalEndpoint } from './network/endpoint';

export interface LocalAddress {
  readonly host: string;
  readonly port: number;
}

export class AddressMap {
  private readonly byHostname = new Map<string, LocalEndpoint>();

  constructor(endpoints: readonly LocalEndpoint[]) {
    for (const e of endpoints) {
      for (const name of [e.hostname, ...(e.aliases ?? [])]) this.byHostname.set(name.toLowerCase(), e);
    }
  }

  /** The local endpoint of a hostname (case-insensitive, a trailing dot allowed). */
  public resolve(hostname: string): LocalEndpoint | undefined {
    return this.byHostname.get(hostname.toLowerCase().replace(/\.$/, ''));
  }

  /**
   * `hostname:port` → local address, for the published port and for the local one (nodes that
   * announce hostnames pair them with their local port).
   */
  public natMap(): Record<string, LocalAddress> {
    const map: Record<string, LocalAddress> = {};
    for (const [hostname, e] of this.byHostname) {
      const local = { host: e.host, port: e.port };
      map[`${hostname}:${e.servicePort}`] = local;
      map[`${hostname}:${e.port}`] = local;
    }
    return map;
  }

  public get hostnames(): string[] {
    return [...this.byHostname.keys()];
  }
}
