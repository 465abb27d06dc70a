/**
 * A client's memory as redis 7.0 counts it (getClientMemoryUsage): the reply list, the query
 * buffer's allocation, the client struct, the reply buffer, the command's arguments (their bytes
 * and a pointer each), the transaction's queued commands and the subscriptions. CLIENT LIST shows
 * it as tot-mem; used_memory and eviction add it up over the connections.
 */
import { CLIENT, Client } from './client';
import { DICT_ENTRY_SIZE, dictTableSize } from '../keyspace/memory';

/** sizeof(robj *) on the 64-bit builds the figures follow. */
const POINTER_SIZE = 8;
/** zmalloc_size of redis 7.0's client struct, and of an adlist node. */
const CLIENT_STRUCT_SIZE = 768;
const LIST_NODE_SIZE = 24;

/** Bytes of a command's arguments (redis' argv_len_sum). */
function argvBytes(argv: readonly string[]): number {
  let n = 0;
  for (const a of argv) n += a.length;
  return n;
}

export interface ClientMemory {
  /** argv-mem: the arguments' bytes. */
  readonly argvMem: number;
  /** multi-mem: the queued commands' arguments and their pointers. */
  readonly multiMem: number;
  /** tot-mem. */
  readonly total: number;
}

export function clientMemory(c: Client): ClientMemory {
  // Inside EXEC redis still reports the arguments the client sent, EXEC's ('exec', 4 bytes: it
  // takes no argument); a blocked client keeps its command's arguments until it is served.
  const argv = c.flags & CLIENT.EXECUTING ? ['exec'] : c.blocked ? c.blocked.argv : c.argv;
  const argvMem = argvBytes(argv);
  // Each queued command counts a pointer per argument too.
  let multiMem = 0;
  if (c.multi) for (const q of c.multi.commands) multiMem += argvBytes(q.argv) + POINTER_SIZE * q.argv.length;
  // Subscriptions add a list node per pattern and the channels dict's entries and buckets.
  const pubsub = c.patterns.size * LIST_NODE_SIZE + c.channels.size * DICT_ENTRY_SIZE + dictTableSize(c.channels.size);
  // Replies of this turn beyond the reply buffer would be in redis' reply list already.
  const replyList = c.unsentBytes + Math.max(0, c.out.len - c.replyBuffer.size);
  const total = replyList + c.queryBuffer.allocatedBytes + CLIENT_STRUCT_SIZE + c.replyBuffer.size
    + argvMem + POINTER_SIZE * argv.length + multiMem + pubsub;
  return { argvMem, multiMem, total };
}
