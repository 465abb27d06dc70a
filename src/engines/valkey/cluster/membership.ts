/**
 * Which cluster a server belongs to and which node it is. A server started with
 * `cluster-enabled yes` on its own is a one-node cluster without slots (as a fresh redis node);
 * the simulator puts every node of a cluster-mode replication group in one shared topology.
 */
import { ClusterNodeEntry, ClusterTopology, randomNodeId } from './cluster-state';
import { routeCommand } from './routing';
import type { ValkeyServer } from '../server/server';

export class ClusterMembership {
  constructor(public readonly topology: ClusterTopology, public readonly myId: string) {}

  public get myself(): ClusterNodeEntry {
    const me = this.topology.node(this.myId);
    if (!me) throw new Error(`cluster node ${this.myId} is not in its topology`);
    return me;
  }
}

const MEMBERSHIPS = new WeakMap<ValkeyServer, ClusterMembership>();

/** A fresh node's view: itself only, a master without slots. */
function standaloneMembership(server: ValkeyServer): ClusterMembership {
  const topology = new ClusterTopology();
  topology.requireFullCoverage = server.config.bool('cluster-require-full-coverage');
  topology.allowReadsWhenDown = server.config.bool('cluster-allow-reads-when-down');
  const { host, port } = server.address;
  const id = randomNodeId();
  topology.addNode({
    id,
    shardId: randomNodeId(),
    ip: host,
    port,
    tls: false,
    plain: true,
    role: 'master',
    configEpoch: 0,
    failed: false,
    offset: () => server.propagation.offset,
  });
  return new ClusterMembership(topology, id);
}

/** The server's cluster membership (a one-node cluster until `joinCluster`). */
export function clusterMembershipOf(server: ValkeyServer): ClusterMembership {
  let m = MEMBERSHIPS.get(server);
  if (!m) {
    m = standaloneMembership(server);
    MEMBERSHIPS.set(server, m);
  }
  return m;
}

/** Makes a server the node `myId` of a shared topology. */
export function joinCluster(server: ValkeyServer, topology: ClusterTopology, myId: string): ClusterMembership {
  if (!server.config.bool('cluster-enabled')) throw new Error('joinCluster needs a server started with cluster-enabled yes');
  if (!topology.node(myId)) throw new Error(`cluster node ${myId} is not in its topology`);
  const membership = new ClusterMembership(topology, myId);
  MEMBERSHIPS.set(server, membership);
  return membership;
}

/** Family setup: servers with cluster mode on redirect commands for slots they do not serve. */
export function setupCluster(server: ValkeyServer): void {
  if (!server.config.bool('cluster-enabled')) return;
  server.hooks.route = (c, cmd, argv) => routeCommand(clusterMembershipOf(server), c, cmd, argv);
}
