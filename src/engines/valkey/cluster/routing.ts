/**
 * Cluster redirections (redis getNodeByQuery + clusterRedirectClient): every key of a command (or
 * of the commands queued for EXEC) must hash to one slot, which this node must serve; otherwise
 * the client gets CROSSSLOT, MOVED, ASK, TRYAGAIN or CLUSTERDOWN with redis' texts. Replicas serve
 * reads to READONLY clients; an importing node serves ASKING clients.
 */
import type { ClusterNodeEntry } from './cluster-state';
import { keyHashSlot } from './key-slot';
import type { ClusterMembership } from './membership';
import { discardTransaction } from '../exec/multi';
import { LOOKUP } from '../keyspace/db';
import { CLIENT, Client } from '../server/client';
import type { Command } from '../table/command';
import { CMD } from '../table/flags';
import { keysFromSpecs } from '../table/key-specs';

export const CLUSTER_ERRORS = {
  CROSSSLOT: "-CROSSSLOT Keys in request don't hash to the same slot",
  TRYAGAIN: '-TRYAGAIN Multiple keys request during rehashing of slot',
  UNBOUND: '-CLUSTERDOWN Hash slot not served',
  DOWN: '-CLUSTERDOWN The cluster is down',
  READONLY_DOWN: '-CLUSTERDOWN The cluster is down and only accepts read commands',
} as const;

/** Sharded pub/sub commands are routed by their channel, which their key specs flag `not_key`. */
const SHARDED_PUBSUB = new Set(['spublish', 'ssubscribe', 'sunsubscribe']);

/** Clients that sent ASKING: the flag covers their next command only. */
const ASKING = new WeakSet<Client>();

export function setAsking(c: Client): void {
  ASKING.add(c);
}

type KeyExtractor = (argv: readonly string[]) => string[];

/** How each command's keys are found, decided once per command (this runs for every request). */
const EXTRACTORS = new WeakMap<Command, KeyExtractor>();

function extractorFor(cmd: Command): KeyExtractor {
  if (SHARDED_PUBSUB.has(cmd.fullName)) {
    return (argv) => (keysFromSpecs(cmd.keySpecs, argv, cmd.arity, true) ?? []).map((k) => argv[k.pos]);
  }
  const { firstKey, lastKey, keyStep } = cmd.spec;
  if (!(cmd.flags & CMD.MOVABLE_KEYS) && firstKey > 0 && keyStep > 0) {
    // Fixed key positions (redis' legacy first/last/step), as for GET, SET, MSET, DEL.
    return (argv) => {
      const last = lastKey < 0 ? argv.length + lastKey : lastKey;
      const keys: string[] = [];
      for (let i = firstKey; i <= last && i < argv.length; i += keyStep) keys.push(argv[i]);
      return keys;
    };
  }
  return (argv) => (cmd.findKeys(argv) ?? []).map((k) => argv[k.pos]);
}

function keysOf(cmd: Command, argv: readonly string[]): string[] {
  let extract = EXTRACTORS.get(cmd);
  if (!extract) {
    extract = extractorFor(cmd);
    EXTRACTORS.set(cmd, extract);
  }
  return extract(argv);
}

function redirect(kind: 'MOVED' | 'ASK', slot: number, node: ClusterNodeEntry, m: ClusterMembership): string {
  return `-${kind} ${slot} ${m.topology.endpointOf(node)}:${node.port}`;
}

/** The redirection error for a command, or undefined when this node serves it. */
export function routeCommand(m: ClusterMembership, c: Client, cmd: Command, argv: readonly string[]): string | undefined {
  // The ASKING flag lasts one command (a queued command keeps it until EXEC, as redis resetClient).
  const asking = ASKING.has(c);
  if (cmd.fullName !== 'asking' && !(c.flags & CLIENT.MULTI)) ASKING.delete(c);
  // Internal clients (the replication stream, the simulator) are never redirected.
  if (!c.socket || c.flags & CLIENT.MASTER) return undefined;
  const server = c.server;
  const isExec = cmd === server.execCommand;
  if (!isExec && cmd.keySpecs.length === 0 && !cmd.getKeys) return undefined;
  const units: { cmd: Command; argv: readonly string[] }[] = isExec ? (c.multi?.commands ?? []) : [{ cmd, argv }];
  const topology = m.topology;
  const db = server.dbs[0];
  let slot = -1;
  let owner: ClusterNodeEntry | undefined;
  let multipleKeys = false;
  let migrating = false;
  let importing = false;
  let existing = 0;
  let missing = 0;
  let pubsubSharded = false;
  for (const unit of units) {
    if (SHARDED_PUBSUB.has(unit.cmd.fullName)) pubsubSharded = true;
    for (const key of keysOf(unit.cmd, unit.argv)) {
      const keySlot = keyHashSlot(key);
      if (slot < 0) {
        slot = keySlot;
        owner = topology.ownerOf(slot);
        if (!owner) return refuse(c, isExec, CLUSTER_ERRORS.UNBOUND);
        const migration = topology.migrations.get(slot);
        if (migration && owner.id === m.myId) migrating = true;
        else if (migration && migration.to === m.myId) importing = true;
      } else if (keySlot !== slot) {
        return refuse(c, isExec, CLUSTER_ERRORS.CROSSSLOT);
      } else {
        multipleKeys = true;
      }
      if ((migrating || importing) && !pubsubSharded) {
        if (db.lookup(key, LOOKUP.NOTOUCH | LOOKUP.NOSTATS | LOOKUP.NONOTIFY) === undefined) missing++;
        else existing++;
      }
    }
  }
  if (!owner) return undefined;
  const isWrite = (cmd.flags & CMD.WRITE) !== 0 || (isExec && ((c.multi?.flags ?? 0) & CMD.WRITE) !== 0);
  if (topology.state !== 'ok') {
    if (!topology.allowReadsWhenDown) return refuse(c, isExec, CLUSTER_ERRORS.DOWN);
    if (isWrite) return refuse(c, isExec, CLUSTER_ERRORS.READONLY_DOWN);
  }
  if (migrating && missing > 0) {
    if (multipleKeys && existing > 0) return refuse(c, isExec, CLUSTER_ERRORS.TRYAGAIN);
    const target = topology.node(topology.migrations.get(slot)!.to);
    if (target) return refuse(c, isExec, redirect('ASK', slot, target, m));
  }
  const me = m.myself;
  if ((c.flags & CLIENT.READONLY || pubsubSharded) && !isWrite && me.role === 'replica' && me.primaryId === owner.id) return undefined;
  if (importing && (asking || cmd.flags & CMD.ASKING)) {
    return multipleKeys && missing > 0 ? refuse(c, isExec, CLUSTER_ERRORS.TRYAGAIN) : undefined;
  }
  if (owner.id !== m.myId) return refuse(c, isExec, redirect('MOVED', slot, owner, m));
  return undefined;
}

/** A refused EXEC discards the transaction (the caller flags the others, as redis does). */
function refuse(c: Client, isExec: boolean, error: string): string {
  if (isExec) discardTransaction(c);
  return error;
}
