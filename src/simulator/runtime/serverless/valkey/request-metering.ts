/**
 * What the meter needs to know about a Valkey / Redis OSS request: the command types it counts
 * under (the command-level metric names, from the command's flags and ACL categories), the payload
 * bytes of the request and of its reply (keys and values without RESP framing, see
 * metering/ecpu.ts), and whether it is charged by vCPU time (commands redis does not flag `fast`).
 */
import type { Command } from '../../../../engines/valkey';
import { CMD } from '../../../../engines/valkey';

/** Command-level metric names by ACL category. */
const CATEGORY_TYPES: ReadonlyArray<[string, string]> = [
  ['@keyspace', 'KeyBasedCmds'],
  ['@string', 'StringBasedCmds'],
  ['@hash', 'HashBasedCmds'],
  ['@list', 'ListBasedCmds'],
  ['@set', 'SetBasedCmds'],
  ['@sortedset', 'SortedSetBasedCmds'],
  ['@geo', 'GeoSpatialBasedCmds'],
  ['@hyperloglog', 'HyperLogLogBasedCmds'],
  ['@stream', 'StreamBasedCmds'],
  ['@pubsub', 'PubSubBasedCmds'],
  ['@scripting', 'EvalBasedCmds'],
  ['@bitmap', 'BitBasedCmds'],
];

const TYPES = new WeakMap<Command, readonly string[]>();

/** The command types a command counts under: `GetTypeCmds`/`SetTypeCmds` and its data type. */
export function commandTypes(cmd: Command): readonly string[] {
  let types = TYPES.get(cmd);
  if (!types) {
    const list: string[] = [];
    if (cmd.has(CMD.READONLY) && !cmd.has(CMD.WRITE)) list.push('GetTypeCmds');
    if (cmd.has(CMD.WRITE)) list.push('SetTypeCmds');
    for (const [category, type] of CATEGORY_TYPES) if (cmd.spec.acl.includes(category)) list.push(type);
    types = list;
    TYPES.set(cmd, types);
  }
  return types;
}

/** Data-structure categories whose commands may work on many elements. */
const STRUCTURE_CATEGORIES = ['@list', '@set', '@sortedset', '@hash', '@stream', '@geo', '@hyperloglog', '@bitmap', '@scripting'];

const CPU_CHARGED = new WeakMap<Command, boolean>();

/**
 * True for commands charged by vCPU time as well: commands on data structures that redis does not
 * flag `fast` (LRANGE, SMEMBERS, SUNIONSTORE, ZRANGE, SORT, EVAL…). Simple reads and writes of
 * strings and keys, and connection, server and cluster commands, are charged by data and items.
 */
export function chargedByCpu(cmd: Command): boolean {
  let charged = CPU_CHARGED.get(cmd);
  if (charged === undefined) {
    charged = !cmd.has(CMD.FAST) && STRUCTURE_CATEGORIES.some((c) => cmd.spec.acl.includes(c));
    CPU_CHARGED.set(cmd, charged);
  }
  return charged;
}

/** The simple reads and writes whose engine time is the vCPU baseline. */
export function isBaselineCommand(cmd: Command): boolean {
  return cmd.fullName === 'get' || cmd.fullName === 'set';
}

/** Payload bytes of a request: its arguments after the command name. */
export function requestPayload(argv: readonly string[]): number {
  let n = 0;
  for (let i = 1; i < argv.length; i++) n += argv[i].length;
  return n;
}

const CR = 13;

/**
 * Payload bytes of RESP replies: bulk string bodies and the text of simple values, without the
 * type markers, lengths and line ends (aggregate headers carry no payload).
 */
export function replyPayload(buf: Buffer): number {
  let total = 0;
  let pos = 0;
  const end = buf.length;
  while (pos < end) {
    const marker = buf[pos];
    const cr = buf.indexOf(CR, pos + 1);
    if (cr < 0) break;
    const line = cr - pos - 1;
    pos = cr + 2;
    switch (marker) {
      case 0x24: // $ bulk
      case 0x3d: // = verbatim
      case 0x21: { // ! blob error
        const n = Number(buf.toString('latin1', cr - line, cr));
        if (n > 0) {
          total += n;
          pos += n + 2;
        }
        break;
      }
      case 0x2a: // * array
      case 0x25: // % map
      case 0x7e: // ~ set
      case 0x3e: // > push
      case 0x7c: // | attribute
      case 0x5f: // _ null
        break;
      default: // + - : , ( #
        total += line;
    }
  }
  return total;
}
