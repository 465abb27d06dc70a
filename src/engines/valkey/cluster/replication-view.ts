/**
 * How a server sees its replication links, for ROLE and INFO replication. The engine itself has
 * no replication: the simulator links primaries and replicas and installs a view on each node,
 * whose figures (offsets, lag, link state) this module prints with redis' field names.
 */
import type { ValkeyServer } from '../server/server';

/** A replica as its primary sees it (INFO `slaveN:` lines, ROLE's replica list). */
export interface ReplicaLinkInfo {
  readonly ip: string;
  readonly port: number;
  /** `online`, or `wait_bgsave`/`send_bulk` while a full sync runs. */
  readonly state: string;
  /** Offset the replica acknowledged. */
  readonly offset: number;
  /** Seconds since the replica last caught up with the stream. */
  readonly lagSeconds: number;
}

/** The primary as a replica sees it. */
export interface PrimaryLinkInfo {
  readonly host: string;
  readonly port: number;
  readonly linkUp: boolean;
  /** Seconds since data last came from the primary (-1 when the link is down). */
  readonly lastIoSecondsAgo: number;
  readonly syncInProgress: boolean;
  /** Seconds since the link went down (-1 when it never came up). */
  readonly downSinceSeconds: number;
  /** Offset of the stream received so far (slave_read_repl_offset). */
  readonly readOffset: number;
}

export interface ReplicationView {
  readonly role: 'master' | 'slave';
  /** Replication id of the node's history (master_replid). */
  readonly replId: string;
  /** Id of the history before the last promotion (master_replid2). */
  readonly replId2: string;
  /** Offset where the current history took over from replId2, or -1. */
  readonly secondReplOffset: number;
  /** master_repl_offset: the stream produced (primary) or processed (replica). */
  offset(): number;
  /** Connected replicas (primaries only). */
  replicas(): readonly ReplicaLinkInfo[];
  /** The link to the primary (replicas only). */
  primary(): PrimaryLinkInfo | undefined;
}

const VIEWS = new WeakMap<ValkeyServer, ReplicationView>();
const NO_REPL_ID = '0000000000000000000000000000000000000000';
const STANDALONE_IDS = new WeakMap<ValkeyServer, string>();

/** Gives a server its replication view (INFO replication and ROLE read it from then on). */
export function setReplicationView(server: ValkeyServer, view: ReplicationView): void {
  VIEWS.set(server, view);
  server.isReplica = view.role === 'slave';
  server.hooks.infoSections.set('replication', () => replicationInfo(server));
}

/** The server's view: the installed one, or a primary without replicas. */
export function replicationViewOf(server: ValkeyServer): ReplicationView {
  const view = VIEWS.get(server);
  if (view) return view;
  let id = STANDALONE_IDS.get(server);
  if (!id) {
    id = server.runId.slice(0, 40);
    STANDALONE_IDS.set(server, id);
  }
  return { role: 'master', replId: id, replId2: NO_REPL_ID, secondReplOffset: -1, offset: () => server.propagation.offset, replicas: () => [], primary: () => undefined };
}

/** Replicas within min-replicas-max-lag seconds of the stream (redis' repl_good_slaves_count). */
export function goodReplicaCount(server: ValkeyServer): number {
  return replicationViewOf(server).replicas().filter((r) => r.lagSeconds <= server.minReplicasMaxLag).length;
}

/**
 * redis' checkGoodReplicasStatus: a primary with min-replicas-to-write set refuses writes
 * (`NOREPLICAS`) while fewer replicas than that are good; a replica, or either setting at 0, never.
 */
export function enoughGoodReplicas(server: ValkeyServer): boolean {
  if (server.minReplicasToWrite === 0 || replicationViewOf(server).role === 'slave') return true;
  return goodReplicaCount(server) >= server.minReplicasToWrite;
}

/** INFO replication with redis 7's fields, in redis' order. */
export function replicationInfo(server: ValkeyServer): string {
  const view = replicationViewOf(server);
  const fields: [string, string | number][] = [['role', view.role]];
  const offset = view.offset();
  const primary = view.primary();
  if (view.role === 'slave' && primary) {
    fields.push(
      ['master_host', primary.host],
      ['master_port', primary.port],
      ['master_link_status', primary.linkUp ? 'up' : 'down'],
      ['master_last_io_seconds_ago', primary.linkUp ? primary.lastIoSecondsAgo : -1],
      ['master_sync_in_progress', primary.syncInProgress ? 1 : 0],
      ['slave_read_repl_offset', primary.readOffset],
      ['slave_repl_offset', offset],
    );
    if (!primary.linkUp) fields.push(['master_link_down_since_seconds', primary.downSinceSeconds]);
    fields.push(['slave_priority', 100], ['slave_read_only', server.config.bool('replica-read-only') ? 1 : 0], ['replica_announced', 1]);
  }
  const replicas = view.replicas();
  fields.push(['connected_slaves', replicas.length]);
  if (server.isValkey8) fields.push(['replicas_waiting_psync', 0]);
  if (server.minReplicasToWrite > 0) fields.push(['min_slaves_good_slaves', goodReplicaCount(server)]);
  replicas.forEach((r, i) => fields.push([`slave${i}`, `ip=${r.ip},port=${r.port},state=${r.state},offset=${r.offset},lag=${r.lagSeconds}`]));
  const backlogActive = view.role === 'slave' || replicas.length > 0 || offset > 0;
  const backlogSize = server.config.num('repl-backlog-size');
  const histlen = backlogActive ? Math.min(offset, backlogSize) : 0;
  fields.push(
    ['master_failover_state', 'no-failover'],
    ['master_replid', view.replId],
    ['master_replid2', view.replId2],
    ['master_repl_offset', offset],
    ['second_repl_offset', view.secondReplOffset],
    ['repl_backlog_active', backlogActive ? 1 : 0],
    ['repl_backlog_size', backlogSize],
    ['repl_backlog_first_byte_offset', backlogActive ? offset - histlen + 1 : 0],
    ['repl_backlog_histlen', histlen],
  );
  return `# Replication\r\n${fields.map(([k, v]) => `${k}:${v}\r\n`).join('')}`;
}
