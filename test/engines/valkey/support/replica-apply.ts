/**
 * An in-process replica for tests: every unit a primary engine propagates is applied to a second
 * engine through a client flagged as the primary's link — what the simulator's replicas do (MULTI
 * and EXEC only delimit a unit). `snapshot` describes a whole dataset (DUMP bytes, expiry times,
 * function libraries) so a primary and its replica can be compared.
 */
import type { PropagatedOp } from '../../../../src/engines/valkey/exec/propagation';
import type { StoredValue } from '../../../../src/engines/valkey/keyspace/values';
import { createDumpPayload } from '../../../../src/engines/valkey/persistence/rdb/dump-payload';
import { saveContextOf } from '../../../../src/engines/valkey/persistence/rdb/objects';
import { CLIENT, Client } from '../../../../src/engines/valkey/server/client';
import type { ValkeyServer } from '../../../../src/engines/valkey/server/server';
import { StreamValue } from '../../../../src/engines/valkey/types/stream/stream-value';

export class InProcessReplica {
  private readonly queue: (readonly PropagatedOp[])[] = [];
  private readonly link: Client;
  /** Units applied so far. */
  public applied = 0;

  constructor(primary: ValkeyServer, private readonly replica: ValkeyServer) {
    replica.isReplica = true;
    this.link = replica.createInternalClient();
    // eslint-disable-next-line no-bitwise
    this.link.flags |= CLIENT.MASTER;
    primary.propagation.onPropagate((ops) => this.queue.push(ops));
  }

  /** Applies every unit received so far, in order. */
  public catchUp(): void {
    const server = this.replica;
    const c = this.link;
    for (const unit of this.queue.splice(0, this.queue.length)) {
      for (const op of unit) {
        if (op.argv.length === 1 && (op.argv[0] === 'MULTI' || op.argv[0] === 'EXEC')) continue;
        const found = server.commands.lookup(op.argv);
        if (!found.cmd) throw new Error(`the replica does not know ${op.argv[0]}`);
        c.db = server.dbs[op.db];
        server.updateTime();
        server.call(c, found.cmd, [...op.argv]);
        const reply = c.out.take().toString('latin1');
        if (reply.startsWith('-')) throw new Error(`the replica refused ${op.argv.join(' ')}: ${reply.trim()}`);
      }
      this.applied++;
    }
    if (server.blocking.hasReadyKeys) server.blocking.handleReadyKeys();
  }
}

/**
 * What a replica cannot know of a value, cleared: redis-server 7.0's replicas (checked against a
 * real primary/replica pair) keep a group's read counter unknown (XCLAIM carries none) and a
 * consumer's seen-time from the XCLAIMs they applied (NOACK reads refresh it on the primary only).
 */
function replicable(value: StoredValue): StoredValue {
  if (!(value instanceof StreamValue) || !value.groups) return value;
  const copy = value.clone() as StreamValue;
  for (const group of copy.groups!.values()) {
    group.entriesRead = -1;
    for (const consumer of group.consumers.values()) consumer.seenTime = 0;
  }
  return copy;
}

/**
 * Every key of every database with its DUMP payload and expiry time, plus the function libraries.
 * Values are read from the dictionaries, not looked up: a lookup could expire keys on a primary.
 */
export function snapshot(server: ValkeyServer): Record<string, string> {
  const c = server.createInternalClient();
  const out: Record<string, string> = {};
  out.functions = server.runCommand(c, ['FUNCTION', 'DUMP']).toString('latin1');
  const ctx = saveContextOf(server);
  server.dbs.forEach((db, index) => {
    for (const key of [...db.dict.keys()].sort()) {
      const payload = createDumpPayload(replicable(db.dict.get(key)!), ctx, true).toString('latin1');
      out[`${index}:${key}`] = `${payload} expires=${db.expires.get(key) ?? -1}`;
    }
  });
  return out;
}
