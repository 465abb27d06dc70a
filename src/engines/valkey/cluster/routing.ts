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
import { Db, LOOKUP } from '../keyspace/db';
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

export function setAsking(c: Client): void {
  c.flags |= CLIENT.ASKING;
}

/**
 * How a command's keys are found, decided once per command (routing runs for every request):
 * fixed positions (redis' legacy first/last/step, as for GET, SET, MSET, DEL) are read in place;
 * other commands go through their key specs.
 */
interface KeyPlan {
  readonly shardedPubsub: boolean;
  readonly first: number;
  /** Last key position; negative counts from the end. */
  readonly last: number;
  /** 0 when `extract` finds the keys. */
  readonly step: number;
  readonly extract: ((argv: readonly string[]) => string[]) | undefined;
}

const PLANS = new WeakMap<Command, KeyPlan>();

function planFor(cmd: Command): KeyPlan {
  let plan = PLANS.get(cmd);
  if (plan) return plan;
  const { firstKey, lastKey, keyStep } = cmd.spec;
  if (SHARDED_PUBSUB.has(cmd.fullName)) {
    const extract = (argv: readonly string[]) => (keysFromSpecs(cmd.keySpecs, argv, cmd.arity, true) ?? []).map((k) => argv[k.pos]);
    plan = { shardedPubsub: true, first: 0, last: 0, step: 0, extract };
  } else if (!(cmd.flags & CMD.MOVABLE_KEYS) && firstKey > 0 && keyStep > 0) {
    plan = { shardedPubsub: false, first: firstKey, last: lastKey, step: keyStep, extract: undefined };
  } else {
    plan = { shardedPubsub: false, first: 0, last: 0, step: 0, extract: (argv) => (cmd.findKeys(argv) ?? []).map((k) => argv[k.pos]) };
  }
  PLANS.set(cmd, plan);
  return plan;
}

function redirect(kind: 'MOVED' | 'ASK', slot: number, node: ClusterNodeEntry, m: ClusterMembership): string {
  return `-${kind} ${slot} ${m.topology.endpointOf(node)}:${node.port}`;
}

/** What the keys of a request (one command, or every command queued for EXEC) come to. */
class KeyVisit {
  /** The slot of the first key, -1 before any key. */
  public slot = -1;
  public ownerId: string | undefined;
  public crossSlot = false;
  public multipleKeys = false;
  public migrating = false;
  public importing = false;
  public existing = 0;
  public missing = 0;
  public pubsubSharded = false;
  private m!: ClusterMembership;
  private db!: Db;

  /** Starts a new request (one instance serves every request: routing never nests). */
  public reset(m: ClusterMembership, db: Db): this {
    this.m = m;
    this.db = db;
    this.slot = -1;
    this.ownerId = undefined;
    this.crossSlot = false;
    this.multipleKeys = false;
    this.migrating = false;
    this.importing = false;
    this.existing = 0;
    this.missing = 0;
    this.pubsubSharded = false;
    return this;
  }

  /** Visits one command's keys; false when they cannot all be served by one slot's owner. */
  public command(cmd: Command, argv: readonly string[]): boolean {
    const plan = planFor(cmd);
    if (plan.shardedPubsub) this.pubsubSharded = true;
    if (plan.step > 0) {
      const last = plan.last < 0 ? argv.length + plan.last : plan.last;
      for (let i = plan.first; i <= last && i < argv.length; i += plan.step) if (!this.key(argv[i])) return false;
      return true;
    }
    for (const key of plan.extract!(argv)) if (!this.key(key)) return false;
    return true;
  }

  private key(key: string): boolean {
    const keySlot = keyHashSlot(key);
    if (this.slot < 0) {
      this.slot = keySlot;
      const topology = this.m.topology;
      this.ownerId = topology.ownerIdOf(keySlot);
      if (this.ownerId === undefined) return false;
      const migration = topology.migrations.size > 0 ? topology.migrations.get(keySlot) : undefined;
      if (migration && this.ownerId === this.m.myId) this.migrating = true;
      else if (migration && migration.to === this.m.myId) this.importing = true;
    } else if (keySlot !== this.slot) {
      this.crossSlot = true;
      return false;
    } else {
      this.multipleKeys = true;
    }
    if ((this.migrating || this.importing) && !this.pubsubSharded) {
      if (this.db.lookup(key, LOOKUP.NOTOUCH | LOOKUP.NOSTATS | LOOKUP.NONOTIFY) === undefined) this.missing++;
      else this.existing++;
    }
    return true;
  }
}

const VISIT = new KeyVisit();

/** The redirection error for a command, or undefined when this node serves it. */
export function routeCommand(m: ClusterMembership, c: Client, cmd: Command, argv: readonly string[]): string | undefined {
  // The ASKING flag lasts one command (a queued command keeps it until EXEC, as redis resetClient).
  const asking = (c.flags & CLIENT.ASKING) !== 0;
  if (asking && cmd.fullName !== 'asking' && !(c.flags & CLIENT.MULTI)) c.flags &= ~CLIENT.ASKING;
  // Internal clients (the replication stream, the simulator) are never redirected.
  if (!c.socket || c.flags & CLIENT.MASTER) return undefined;
  const server = c.server;
  const isExec = cmd === server.execCommand;
  if (!isExec && cmd.keySpecs.length === 0 && !cmd.getKeys) return undefined;
  const topology = m.topology;
  const visit = VISIT.reset(m, server.dbs[0]);
  if (isExec) {
    for (const unit of c.multi?.commands ?? []) if (!visit.command(unit.cmd, unit.argv)) break;
  } else {
    visit.command(cmd, argv);
  }
  if (visit.crossSlot) return refuse(c, isExec, CLUSTER_ERRORS.CROSSSLOT);
  if (visit.slot < 0) return undefined;
  const slot = visit.slot;
  const ownerId = visit.ownerId;
  if (ownerId === undefined) return refuse(c, isExec, CLUSTER_ERRORS.UNBOUND);
  const isWrite = (cmd.flags & CMD.WRITE) !== 0 || (isExec && ((c.multi?.flags ?? 0) & CMD.WRITE) !== 0);
  if (topology.state !== 'ok') {
    if (!topology.allowReadsWhenDown) return refuse(c, isExec, CLUSTER_ERRORS.DOWN);
    if (isWrite) return refuse(c, isExec, CLUSTER_ERRORS.READONLY_DOWN);
  }
  if (visit.migrating && visit.missing > 0) {
    if (visit.multipleKeys && visit.existing > 0) return refuse(c, isExec, CLUSTER_ERRORS.TRYAGAIN);
    const target = topology.node(topology.migrations.get(slot)!.to);
    if (target) return refuse(c, isExec, redirect('ASK', slot, target, m));
  }
  if (ownerId === m.myId) return undefined;
  const me = m.myself;
  if ((c.flags & CLIENT.READONLY || visit.pubsubSharded) && !isWrite && me.role === 'replica' && me.primaryId === ownerId) return undefined;
  if (visit.importing && (asking || cmd.flags & CMD.ASKING)) {
    return visit.multipleKeys && visit.missing > 0 ? refuse(c, isExec, CLUSTER_ERRORS.TRYAGAIN) : undefined;
  }
  const owner = topology.ownerOf(slot);
  if (!owner) return refuse(c, isExec, CLUSTER_ERRORS.UNBOUND);
  return refuse(c, isExec, redirect('MOVED', slot, owner, m));
}

/** A refused EXEC discards the transaction (the caller flags the others, as redis does). */
function refuse(c: Client, isExec: boolean, error: string): string {
  if (isExec) discardTransaction(c);
  return error;
}
