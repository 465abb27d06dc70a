import { binaryRequest as req, incrExtras, u32s } from '../support/harness';

/** Binary-protocol sessions: request packets sent one by one (each followed by a NOOP marker). */
export interface BinaryCase {
  readonly name: string;
  readonly steps: readonly Buffer[];
}

const OP = {
  GET: 0x00,
  SET: 0x01,
  ADD: 0x02,
  REPLACE: 0x03,
  DELETE: 0x04,
  INCREMENT: 0x05,
  DECREMENT: 0x06,
  QUIT: 0x07,
  FLUSH: 0x08,
  GETQ: 0x09,
  NOOP: 0x0a,
  VERSION: 0x0b,
  GETK: 0x0c,
  GETKQ: 0x0d,
  APPEND: 0x0e,
  PREPEND: 0x0f,
  STAT: 0x10,
  SETQ: 0x11,
  ADDQ: 0x12,
  REPLACEQ: 0x13,
  DELETEQ: 0x14,
  INCREMENTQ: 0x15,
  DECREMENTQ: 0x16,
  QUITQ: 0x17,
  FLUSHQ: 0x18,
  APPENDQ: 0x19,
  PREPENDQ: 0x1a,
  TOUCH: 0x1c,
  GAT: 0x1d,
  GATQ: 0x1e,
  SASL_LIST_MECHS: 0x20,
  SASL_AUTH: 0x21,
  SASL_STEP: 0x22,
  GATK: 0x23,
  GATKQ: 0x24,
} as const;

const set = (key: string, value: string, flags = 0, exp = 0, cas?: bigint, op: number = OP.SET) =>
  req(op, { key, value, extras: u32s(flags, exp), cas });
const get = (op: number, key: string) => req(op, { key });
const incr = (op: number, key: string, delta: bigint, initial: bigint, exp: number, cas?: bigint) =>
  req(op, { key, extras: incrExtras(delta, initial, exp), cas });

export const BINARY_CASES: BinaryCase[] = [
  { name: 'get miss and hit', steps: [get(OP.GET, 'b1'), set('b1', 'hello', 0xcafe), get(OP.GET, 'b1')] },
  { name: 'getk miss and hit', steps: [get(OP.GETK, 'b2'), set('b2', 'v'), get(OP.GETK, 'b2')] },
  { name: 'quiet gets answer only hits', steps: [get(OP.GETQ, 'b3'), get(OP.GETKQ, 'b3'), set('b3', 'x'), get(OP.GETQ, 'b3'), get(OP.GETKQ, 'b3')] },
  { name: 'pipelined quiet gets then noop', steps: [Buffer.concat([set('p1', 'a'), set('p2', 'b'), get(OP.GETKQ, 'p1'), get(OP.GETKQ, 'px'), get(OP.GETKQ, 'p2')])] },
  { name: 'add and replace', steps: [set('b4', 'a', 0, 0, undefined, OP.ADD), set('b4', 'b', 0, 0, undefined, OP.ADD), set('b5', 'a', 0, 0, undefined, OP.REPLACE), set('b4', 'c', 1, 0, undefined, OP.REPLACE), get(OP.GET, 'b4')] },
  { name: 'quiet storage answers only errors', steps: [set('b6', 'a', 0, 0, undefined, OP.SETQ), set('b6', 'b', 0, 0, undefined, OP.ADDQ), set('b7', 'b', 0, 0, undefined, OP.REPLACEQ), get(OP.GET, 'b6')] },
  { name: 'set with cas', steps: [set('b8', 'a'), set('b8', 'b', 0, 0, 999n), set('b8', 'c', 0, 0, 1n), set('b9', 'x', 0, 0, 5n), get(OP.GET, 'b8')] },
  { name: 'set with matching cas from get', steps: [set('b10', 'a'), get(OP.GET, 'b10'), set('b10', 'b', 0, 0, 2n), get(OP.GET, 'b10')] },
  { name: 'add with cas behaves as cas', steps: [set('b11', 'a'), set('b11', 'b', 0, 0, 999n, OP.ADD), set('b11', 'b', 0, 0, 2n, OP.ADD)] },
  { name: 'delete', steps: [req(OP.DELETE, { key: 'd1' }), set('d1', 'x'), req(OP.DELETE, { key: 'd1', cas: 99n }), req(OP.DELETE, { key: 'd1' }), req(OP.DELETEQ, { key: 'd1' }), set('d1', 'x'), req(OP.DELETEQ, { key: 'd1' })] },
  { name: 'incr and decr', steps: [set('n1', '10'), incr(OP.INCREMENT, 'n1', 5n, 0n, 0), incr(OP.DECREMENT, 'n1', 100n, 0n, 0), get(OP.GET, 'n1')] },
  { name: 'incr creates with initial value', steps: [incr(OP.INCREMENT, 'n2', 1n, 42n, 0), incr(OP.INCREMENT, 'n2', 1n, 42n, 0), get(OP.GET, 'n2')] },
  { name: 'incr miss without create', steps: [incr(OP.INCREMENT, 'n3', 1n, 0n, 0xffffffff), incr(OP.DECREMENT, 'n3', 1n, 0n, 0xffffffff)] },
  { name: 'incr wraps and decr floors', steps: [set('n4', '18446744073709551615'), incr(OP.INCREMENT, 'n4', 2n, 0n, 0), incr(OP.DECREMENT, 'n4', 5n, 0n, 0)] },
  { name: 'incr non-numeric', steps: [set('n5', 'abc'), incr(OP.INCREMENT, 'n5', 1n, 0n, 0)] },
  { name: 'incr with cas', steps: [set('n6', '1'), incr(OP.INCREMENT, 'n6', 1n, 0n, 0, 999n), incr(OP.INCREMENT, 'n6', 1n, 0n, 0, 1n)] },
  { name: 'quiet incr', steps: [set('n7', '1'), incr(OP.INCREMENTQ, 'n7', 1n, 0n, 0), incr(OP.DECREMENTQ, 'n8', 1n, 0n, 0xffffffff), get(OP.GET, 'n7')] },
  { name: 'append and prepend', steps: [req(OP.APPEND, { key: 'a1', value: 'x' }), set('a1', 'mid', 3), req(OP.APPEND, { key: 'a1', value: '>' }), req(OP.PREPEND, { key: 'a1', value: '<' }), req(OP.APPENDQ, { key: 'a1', value: '!' }), req(OP.PREPENDQ, { key: 'a9', value: '!' }), get(OP.GET, 'a1')] },
  { name: 'append with cas', steps: [set('a2', 'x'), req(OP.APPEND, { key: 'a2', value: 'y', cas: 999n }), req(OP.APPEND, { key: 'a2', value: 'y', cas: 1n })] },
  { name: 'touch and gat', steps: [req(OP.TOUCH, { key: 't1', extras: u32s(10) }), set('t1', 'val', 9), req(OP.TOUCH, { key: 't1', extras: u32s(10) }), req(OP.GAT, { key: 't1', extras: u32s(20) }), req(OP.GATK, { key: 't1', extras: u32s(20) }), req(OP.GAT, { key: 'tx', extras: u32s(20) }), req(OP.GATK, { key: 'tx', extras: u32s(20) })] },
  { name: 'quiet gat', steps: [req(OP.GATQ, { key: 't2', extras: u32s(5) }), req(OP.GATKQ, { key: 't2', extras: u32s(5) }), set('t2', 'v'), req(OP.GATQ, { key: 't2', extras: u32s(5) }), req(OP.GATKQ, { key: 't2', extras: u32s(5) })] },
  { name: 'expired by negative-looking exptime', steps: [set('t3', 'v', 0, 0xffffffff), get(OP.GET, 't3'), set('t4', 'v', 0, 1000000000), get(OP.GET, 't4')] },
  { name: 'flush', steps: [set('f1', 'x'), req(OP.FLUSH), get(OP.GET, 'f1'), set('f1', 'y'), req(OP.FLUSHQ), get(OP.GET, 'f1'), req(OP.FLUSH, { extras: u32s(100) })] },
  { name: 'noop and version', steps: [req(OP.NOOP), req(OP.VERSION)] },
  { name: 'stat reset and unknown stat', steps: [req(OP.STAT, { key: 'reset' }), req(OP.STAT, { key: 'nonsense' }), req(OP.STAT, { key: 'detail bad' })] },
  { name: 'stat settings', steps: [req(OP.STAT, { key: 'settings' })] },
  { name: 'stat sizes toggles', steps: [req(OP.STAT, { key: 'sizes' }), req(OP.STAT, { key: 'sizes_enable' }), req(OP.STAT, { key: 'sizes_disable' })] },
  { name: 'stat detail', steps: [req(OP.STAT, { key: 'detail on' }), set('x:1', 'a'), get(OP.GET, 'x:1'), req(OP.STAT, { key: 'detail dump' }), req(OP.STAT, { key: 'detail off' })] },
  { name: 'sasl without sasl support', steps: [req(OP.SASL_LIST_MECHS), req(OP.SASL_AUTH, { key: 'PLAIN', value: '\u0000u\u0000p' }), req(OP.SASL_STEP, { key: 'PLAIN', value: 'x' })] },
  { name: 'unknown opcode', steps: [req(0x50, { key: 'k' }), req(0x50)] },
  { name: 'wrong extras for get closes', steps: [req(OP.GET, { key: 'k', extras: u32s(1) })] },
  { name: 'set without extras closes', steps: [req(OP.SET, { key: 'k', value: 'v' })] },
  { name: 'incr with short extras closes', steps: [req(OP.INCREMENT, { key: 'k', extras: u32s(1, 2) })] },
  { name: 'key too long closes', steps: [get(OP.GET, 'k'.repeat(251))] },
  { name: 'key of 250 bytes', steps: [set('k'.repeat(250), 'v'), get(OP.GETK, 'k'.repeat(250))] },
  { name: 'body shorter than key closes', steps: [req(OP.GET, { key: 'abc', bodylen: 2 })] },
  { name: 'version with body closes', steps: [req(OP.VERSION, { key: 'x' })] },
  { name: 'noop with body closes', steps: [req(OP.NOOP, { extras: u32s(1) })] },
  { name: 'flush with bad extras closes', steps: [req(OP.FLUSH, { extras: Buffer.alloc(2) })] },
  { name: 'delete with extras closes', steps: [req(OP.DELETE, { key: 'k', extras: u32s(1) })] },
  { name: 'touch without extras closes', steps: [req(OP.TOUCH, { key: 'k' })] },
  { name: 'stat with extras closes', steps: [req(OP.STAT, { extras: u32s(1) })] },
  { name: 'quit', steps: [req(OP.QUIT)] },
  { name: 'quiet quit', steps: [req(OP.QUITQ)] },
  { name: 'value too large', steps: [req(OP.SET, { key: 'big', extras: u32s(0, 0), value: Buffer.alloc(1024 * 1024 + 1, 97) }), get(OP.GET, 'big')] },
  { name: 'large value is chunked', steps: [req(OP.SET, { key: 'big2', extras: u32s(5, 0), value: Buffer.alloc(600000, 98) }), get(OP.GETK, 'big2')] },
  { name: 'opaque and cas are echoed', steps: [req(OP.SET, { key: 'o1', extras: u32s(0, 0), value: 'v', opaque: 0x12345678 }), req(OP.GET, { key: 'o1', opaque: 0xffffffff })] },
  { name: 'text after binary is not allowed', steps: [Buffer.from('version\r\n')] },
  {
    name: 'empty values',
    steps: [set('e1', ''), get(OP.GETK, 'e1'), set('e2', '', 0, 0, undefined, OP.ADD), set('e2', '', 0, 0, undefined, OP.REPLACE),
      req(OP.APPEND, { key: 'e1' }), req(OP.PREPEND, { key: 'e1' }), get(OP.GET, 'e1'), set('e3', '', 0, 0, undefined, OP.SETQ),
      Buffer.concat([set('e4', ''), set('e5', '', 0, 0xffffffff), get(OP.GET, 'e4'), get(OP.GET, 'e5')])],
  },
];

/**
 * A hit's reply references its item until the replies are written: a decrement in the same batch
 * makes a new item ("9") instead of shrinking it in place ("9  "). Run without memcached's
 * background threads (see `startPairWithoutBackgroundThreads`).
 */
export const BINARY_HELD_ITEM_CASES: BinaryCase[] = [
  ...[OP.GET, OP.GETQ, OP.GETK, OP.GETKQ].map((op) => ({
    name: `get op ${op} holds its item until replies are written`,
    steps: [set('bh', '100'), Buffer.concat([get(op, 'bh'), incr(OP.DECREMENT, 'bh', 91n, 0n, 0), get(OP.GET, 'bh')])],
  })),
  ...[OP.TOUCH, OP.GAT, OP.GATQ, OP.GATK].map((op) => ({
    name: `touch op ${op} holds its item until replies are written`,
    steps: [set('bh', '100'), Buffer.concat([req(op, { key: 'bh', extras: u32s(100) }), incr(OP.DECREMENT, 'bh', 91n, 0n, 0), get(OP.GET, 'bh')])],
  })),
  // memcached writes an error reply at once, which lets go of the items held before it; a quiet miss
  // (no reply) and successful replies do not.
  ...[
    ['append miss', req(OP.APPEND, { key: 'nokey', value: 'x' })],
    ['add of an existing key', set('other', 'x', 0, 0, undefined, OP.ADD)],
    ['quiet add of an existing key', set('other', 'x', 0, 0, undefined, OP.ADDQ)],
    ['get miss', get(OP.GET, 'nokey')],
    ['delete miss', req(OP.DELETE, { key: 'nokey' })],
    ['replace miss', set('nokey', 'x', 0, 0, undefined, OP.REPLACE)],
    ['quiet get miss', get(OP.GETQ, 'nokey')],
    ['getk miss', get(OP.GETK, 'nokey')],
    ['set of another key', set('other', 'y')],
    ['version', req(OP.VERSION)],
  ].map(([name, between]) => ({
    name: `held item, then ${name as string}, then a decrement`,
    steps: [Buffer.concat([set('bh', '100'), set('other', 'x')]), Buffer.concat([get(OP.GETK, 'bh'), between as Buffer, incr(OP.DECREMENT, 'bh', 91n, 0n, 0), get(OP.GET, 'bh')])],
  })),
  { name: 'noop lets go of held items', steps: [set('bh', '100'), Buffer.concat([get(OP.GET, 'bh'), req(OP.NOOP), incr(OP.DECREMENT, 'bh', 91n, 0n, 0), get(OP.GET, 'bh')])] },
  { name: 'get miss holds nothing', steps: [set('bh', '100'), Buffer.concat([get(OP.GET, 'nokey'), incr(OP.DECREMENT, 'bh', 91n, 0n, 0), get(OP.GET, 'bh')])] },
];
