/**
 * The cluster family as a managed node answers it: CLUSTER INFO, NODES, SLOTS, SHARDS, REPLICAS,
 * SLAVES, MYID, MYSHARDID, KEYSLOT, COUNTKEYSINSLOT, GETKEYSINSLOT and HELP, READONLY, READWRITE,
 * ASKING, and ROLE. Topology-changing subcommands (MEET, ADDSLOTS, SETSLOT, FAILOVER, RESET…) are
 * not registered: ElastiCache manages the topology itself, so they answer as unknown subcommands.
 */
import { ClusterNodeEntry, ClusterTopology } from './cluster-state';
import { CLUSTER_SLOTS, keyHashSlot } from './key-slot';
import { ClusterMembership, clusterMembershipOf } from './membership';
import { replicationViewOf } from './replication-view';
import { setAsking } from './routing';
import { replyHelpLines } from '../commands/args';
import { CLIENT, Client } from '../server/client';
import type { CommandDef } from '../table/command';
import { ERR } from '../util/errors';
import { parseInt64 } from '../util/numbers';

const DISABLED = 'This instance has cluster support disabled';

/** Runs a cluster subcommand only on a server with cluster mode on. */
function clusterOnly(run: (c: Client, argv: string[], m: ClusterMembership) => void): (c: Client, argv: string[]) => void {
  return (c, argv) => {
    if (!c.server.config.bool('cluster-enabled')) {
      c.out.error(DISABLED);
      return;
    }
    run(c, argv, clusterMembershipOf(c.server));
  };
}

function info(c: Client, _argv: string[], m: ClusterMembership): void {
  const t = m.topology;
  const { assigned, failed } = t.slotCounts();
  const me = m.myself;
  const myEpoch = me.role === 'replica' && me.primaryId ? t.node(me.primaryId)?.configEpoch ?? 0 : me.configEpoch;
  const fields: [string, string | number][] = [
    ['cluster_state', t.state],
    ['cluster_slots_assigned', assigned],
    ['cluster_slots_ok', assigned - failed],
    ['cluster_slots_pfail', 0],
    ['cluster_slots_fail', failed],
    ['cluster_known_nodes', t.nodes.size],
    ['cluster_size', t.primariesWithSlots().length],
    ['cluster_current_epoch', t.currentEpoch],
    ['cluster_my_epoch', myEpoch],
    // No cluster bus runs between simulated nodes: no messages are exchanged.
    ['cluster_stats_messages_sent', 0],
    ['cluster_stats_messages_received', 0],
    ['total_cluster_links_buffer_limit_exceeded', 0],
  ];
  c.out.verbatim(fields.map(([k, v]) => `${k}:${v}\r\n`).join(''), 'txt');
}

/** The bus port redis derives from the client port (port + 10000), 0 when that is out of range. */
function busPort(port: number): number {
  return port + 10000 <= 65535 ? port + 10000 : 0;
}

function slotText([start, end]: [number, number]): string {
  return start === end ? `${start}` : `${start}-${end}`;
}

/** One CLUSTER NODES line (redis clusterGenNodeDescription), without the trailing newline. */
export function nodeLine(t: ClusterTopology, n: ClusterNodeEntry, myId: string, now: number): string {
  const isMe = n.id === myId;
  const flags = [isMe ? 'myself' : '', n.role === 'master' ? 'master' : 'slave', n.failed ? 'fail' : ''].filter((f) => f !== '').join(',');
  const address = `${n.ip}:${n.port}@${busPort(n.port)}${n.hostname ? ',' + n.hostname : ''}`;
  const pong = isMe ? Math.floor(now / 1000) * 1000 : n.failed ? 0 : now;
  const epoch = n.role === 'replica' && n.primaryId ? t.node(n.primaryId)?.configEpoch ?? n.configEpoch : n.configEpoch;
  const parts = [n.id, address, flags, n.primaryId ?? '-', '0', String(pong), String(epoch), isMe || !n.failed ? 'connected' : 'disconnected'];
  if (n.role === 'master') parts.push(...t.slotRangesOf(n.id).map(slotText));
  if (isMe) {
    for (const [slot, mig] of [...t.migrations.entries()].sort((a, b) => a[0] - b[0])) {
      if (mig.from === myId) parts.push(`[${slot}->-${mig.to}]`);
      else if (mig.to === myId) parts.push(`[${slot}-<-${mig.from}]`);
    }
  }
  return parts.join(' ');
}

function nodes(c: Client, _argv: string[], m: ClusterMembership): void {
  const now = c.server.mstime;
  const lines = [...m.topology.nodes.values()].map((n) => nodeLine(m.topology, n, m.myId, now) + '\n');
  c.out.verbatim(lines.join(''), 'txt');
}

/** A node in CLUSTER SLOTS: preferred endpoint, port, id, then the other networking metadata. */
function slotsNodeReply(c: Client, t: ClusterTopology, n: ClusterNodeEntry): void {
  const meta: [string, string][] = [];
  if (t.preferredEndpoint !== 'ip') meta.push(['ip', n.ip]);
  if (t.preferredEndpoint !== 'hostname' && n.hostname) meta.push(['hostname', n.hostname]);
  c.out.arrayHeader(4);
  c.out.bulk(t.endpointOf(n));
  c.out.integer(n.port);
  c.out.bulk(n.id);
  c.out.mapHeader(meta.length);
  for (const [k, v] of meta) {
    c.out.bulk(k);
    c.out.bulk(v);
  }
}

function slots(c: Client, _argv: string[], m: ClusterMembership): void {
  const t = m.topology;
  const entries: { range: [number, number]; primary: ClusterNodeEntry; replicas: ClusterNodeEntry[] }[] = [];
  for (const primary of t.nodes.values()) {
    if (primary.role !== 'master') continue;
    const replicas = t.replicasOf(primary.id).filter((r) => !r.failed);
    for (const range of t.slotRangesOf(primary.id)) entries.push({ range, primary, replicas });
  }
  entries.sort((a, b) => a.range[0] - b.range[0]);
  c.out.arrayHeader(entries.length);
  for (const e of entries) {
    c.out.arrayHeader(3 + e.replicas.length);
    c.out.integer(e.range[0]);
    c.out.integer(e.range[1]);
    slotsNodeReply(c, t, e.primary);
    for (const r of e.replicas) slotsNodeReply(c, t, r);
  }
}

function shardNodeReply(c: Client, t: ClusterTopology, n: ClusterNodeEntry): void {
  const fields: [string, string | number][] = [['id', n.id]];
  if (n.plain) fields.push(['port', n.port]);
  if (n.tls) fields.push(['tls-port', n.port]);
  fields.push(['ip', n.ip], ['endpoint', t.endpointOf(n)]);
  if (n.hostname) fields.push(['hostname', n.hostname]);
  fields.push(['role', n.role], ['replication-offset', n.offset()], ['health', n.failed ? 'failed' : 'online']);
  c.out.mapHeader(fields.length);
  for (const [k, v] of fields) {
    c.out.bulk(k);
    if (typeof v === 'number') c.out.integer(v);
    else c.out.bulk(v);
  }
}

function shards(c: Client, _argv: string[], m: ClusterMembership): void {
  const t = m.topology;
  const groups = new Map<string, ClusterNodeEntry[]>();
  for (const n of t.nodes.values()) {
    const list = groups.get(n.shardId) ?? [];
    list.push(n);
    groups.set(n.shardId, list);
  }
  c.out.arrayHeader(groups.size);
  for (const members of groups.values()) {
    const primary = members.find((n) => n.role === 'master');
    const ranges = primary ? t.slotRangesOf(primary.id) : [];
    c.out.mapHeader(2);
    c.out.bulk('slots');
    c.out.arrayHeader(ranges.length * 2);
    for (const [start, end] of ranges) {
      c.out.integer(start);
      c.out.integer(end);
    }
    c.out.bulk('nodes');
    const ordered = primary ? [primary, ...members.filter((n) => n !== primary)] : members;
    c.out.arrayHeader(ordered.length);
    for (const n of ordered) shardNodeReply(c, t, n);
  }
}

function replicasOfNode(c: Client, argv: string[], m: ClusterMembership): void {
  const t = m.topology;
  const node = t.node(argv[2]);
  if (!node) {
    c.out.error(`Unknown node ${argv[2]}`);
    return;
  }
  if (node.role !== 'master') {
    c.out.error('The specified node is not a master');
    return;
  }
  const list = t.replicasOf(node.id);
  c.out.arrayHeader(list.length);
  for (const r of list) c.out.bulk(nodeLine(t, r, m.myId, c.server.mstime));
}

function keyslot(c: Client, argv: string[]): void {
  c.out.integer(keyHashSlot(argv[2]));
}

/** Parses a slot argument as redis' getLongLongFromObjectOrReply, then checks its range. */
function slotArg(c: Client, text: string, rangeError: string): number | undefined {
  const value = parseInt64(text);
  if (value === undefined) {
    c.out.error(ERR.NOT_INTEGER);
    return undefined;
  }
  if (value < 0 || value >= CLUSTER_SLOTS) {
    c.out.error(rangeError);
    return undefined;
  }
  return Number(value);
}

function keysInSlot(c: Client, slot: number, limit: number): string[] {
  const found: string[] = [];
  for (const key of c.server.dbs[0].dict.keys()) {
    if (found.length >= limit) break;
    if (keyHashSlot(key) === slot) found.push(key);
  }
  return found;
}

function countkeysinslot(c: Client, argv: string[]): void {
  const slot = slotArg(c, argv[2], 'Invalid slot');
  if (slot === undefined) return;
  c.out.integer(keysInSlot(c, slot, Infinity).length);
}

function getkeysinslot(c: Client, argv: string[]): void {
  const slot = parseInt64(argv[2]);
  const count = parseInt64(argv[3]);
  if (slot === undefined || count === undefined) {
    c.out.error(ERR.NOT_INTEGER);
    return;
  }
  if (count < 0 || slot < 0 || slot >= CLUSTER_SLOTS) {
    c.out.error('Invalid slot or number of keys');
    return;
  }
  const keys = keysInSlot(c, Number(slot), Number(count));
  c.out.arrayHeader(keys.length);
  for (const k of keys) c.out.bulk(k);
}

const HELP_HEAD = [
  'CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ADDSLOTS <slot> [<slot> ...]',
  '    Assign slots to current node.',
  'ADDSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]',
  '    Assign slots which are between <start-slot> and <end-slot> to current node.',
  'BUMPEPOCH',
  '    Advance the cluster config epoch.',
  'COUNT-FAILURE-REPORTS <node-id>',
  '    Return number of failure reports for <node-id>.',
  'COUNTKEYSINSLOT <slot>',
  '    Return the number of keys in <slot>.',
  'DELSLOTS <slot> [<slot> ...]',
  '    Delete slots information from current node.',
  'DELSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]',
  '    Delete slots information which are between <start-slot> and <end-slot> from current node.',
  'FAILOVER [FORCE|TAKEOVER]',
  '    Promote current replica node to being a master.',
  'FORGET <node-id>',
  '    Remove a node from the cluster.',
  'GETKEYSINSLOT <slot> <count>',
  '    Return key names stored by current node in a slot.',
  'FLUSHSLOTS',
  '    Delete current node own slots information.',
  'INFO',
  '    Return information about the cluster.',
  'KEYSLOT <key>',
  '    Return the hash slot for <key>.',
  'MEET <ip> <port> [<bus-port>]',
  '    Connect nodes into a working cluster.',
  'MYID',
  '    Return the node id.',
];
const HELP_TAIL = [
  'REPLICATE <node-id>',
  '    Configure current node as replica to <node-id>.',
  'RESET [HARD|SOFT]',
  '    Reset current node (default: soft).',
  'SET-CONFIG-EPOCH <epoch>',
  '    Set config epoch of current node.',
  'SETSLOT <slot> (IMPORTING <node-id>|MIGRATING <node-id>|STABLE|NODE <node-id>)',
  '    Set slot state.',
  'REPLICAS <node-id>',
  '    Return <node-id> replicas.',
  'SAVECONFIG',
  '    Force saving cluster configuration on disk.',
  'SLOTS',
  '    Return information about slots range mappings. Each range is made of:',
  '    start, end, master and replicas IP addresses, ports and ids',
  'SHARDS',
  '    Return information about slot range mappings and the nodes associated with them.',
  'LINKS',
  '    Return information about all network links between this node and its peers.',
  '    Output format is an array where each array element is a map containing attributes of a link',
  'HELP',
  '    Prints this help.',
];

/** CLUSTER HELP of the emulated version (7.2 adds MYSHARDID and hostnames in the NODES format). */
function help(c: Client): void {
  const v72 = c.server.since72;
  const nodesFormat = v72
    ? '    <id> <ip:port@bus-port[,hostname]> <flags> <master> <pings> <pongs> <epoch> <link> <slot> ...'
    : '    <id> <ip:port> <flags> <master> <pings> <pongs> <epoch> <link> <slot> ...';
  const myShardId = v72 ? ['MYSHARDID', "    Return the node's shard id."] : [];
  replyHelpLines(c, [
    ...HELP_HEAD,
    ...myShardId,
    'NODES',
    '    Return cluster configuration seen by node. Output format:',
    nodesFormat,
    ...HELP_TAIL,
  ]);
}

function readonly(c: Client): void {
  c.flags |= CLIENT.READONLY;
  c.out.ok();
}

function readwrite(c: Client): void {
  c.flags &= ~CLIENT.READONLY;
  c.out.ok();
}

function asking(c: Client): void {
  setAsking(c);
  c.out.ok();
}

/** ROLE: `master` with offset and replicas, or `slave` with its primary and link state. */
function role(c: Client): void {
  const view = replicationViewOf(c.server);
  const out = c.out;
  if (view.role === 'master') {
    const list = view.replicas();
    out.arrayHeader(3);
    out.bulk('master');
    out.integer(view.offset());
    out.arrayHeader(list.length);
    for (const r of list) {
      out.arrayHeader(3);
      out.bulk(r.ip);
      out.bulk(String(r.port));
      out.bulk(String(r.offset));
    }
    return;
  }
  const primary = view.primary();
  out.arrayHeader(5);
  out.bulk('slave');
  out.bulk(primary?.host ?? '');
  out.integer(primary?.port ?? 0);
  out.bulk(!primary?.linkUp ? 'connect' : primary.syncInProgress ? 'sync' : 'connected');
  out.integer(primary?.linkUp ? view.offset() : -1);
}

const MYSHARDID_SPEC = {
  arity: 2,
  flags: ['loading', 'stale'],
  firstKey: 0,
  lastKey: 0,
  keyStep: 0,
  acl: ['@slow'],
  tips: ['nondeterministic_output'],
  keySpecs: [],
  docs: { m: ['summary', 'Returns the shard ID of a node.', 'since', '7.2.0', 'group', 'cluster', 'complexity', 'O(1)'] },
};

export const CLUSTER_COMMANDS: CommandDef[] = [
  { name: 'cluster|info', handler: clusterOnly(info) },
  { name: 'cluster|nodes', handler: clusterOnly(nodes) },
  { name: 'cluster|slots', handler: clusterOnly(slots) },
  { name: 'cluster|shards', handler: clusterOnly(shards) },
  { name: 'cluster|replicas', handler: clusterOnly(replicasOfNode) },
  { name: 'cluster|slaves', handler: clusterOnly(replicasOfNode) },
  { name: 'cluster|myid', handler: clusterOnly((c, _argv, m) => c.out.bulk(m.myId)) },
  { name: 'cluster|myshardid', handler: clusterOnly((c, _argv, m) => c.out.bulk(m.myself.shardId)), spec: MYSHARDID_SPEC },
  { name: 'cluster|keyslot', handler: clusterOnly(keyslot) },
  { name: 'cluster|countkeysinslot', handler: clusterOnly(countkeysinslot) },
  { name: 'cluster|getkeysinslot', handler: clusterOnly(getkeysinslot) },
  { name: 'cluster|help', handler: clusterOnly(help) },
  { name: 'readonly', handler: clusterOnly(readonly) },
  { name: 'readwrite', handler: clusterOnly(readwrite) },
  { name: 'asking', handler: clusterOnly(asking) },
  { name: 'role', handler: role },
];
