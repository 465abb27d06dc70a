/**
 * The blocking framework, exercised with two small test commands defined here (lists and their
 * BLPOP belong to another family): TAKE key timeout-ms pops a string value or blocks; PUT key value
 * stores one and signals the key.
 */
import { parseReplies, TestEngine } from './support/engine';
import { toPlain } from '../../../src/engines/resp';
import { ALL_COMMANDS } from '../../../src/engines/valkey/commands';
import { StringValue } from '../../../src/engines/valkey/keyspace/values';
import { CLIENT, Client } from '../../../src/engines/valkey/server/client';
import type { CommandDef } from '../../../src/engines/valkey/table/command';
import type { CommandSpecData } from '../../../src/engines/valkey/table/spec-data';
import { eventually } from '../../support/eventually';

function spec(name: string, flags: string[]): Partial<CommandSpecData> {
  return {
    arity: 3,
    flags,
    firstKey: 1,
    lastKey: 1,
    keyStep: 1,
    acl: ['@write'],
    tips: [],
    keySpecs: [{ m: ['flags', { t: [{ s: 'RW' }] }, 'begin_search', { m: ['type', 'index', 'spec', { m: ['index', 1] }] }, 'find_keys', { m: ['type', 'range', 'spec', { m: ['lastkey', 0, 'keystep', 1, 'limit', 0] }] }] }],
    docs: { m: ['summary', `test ${name}`, 'since', '1.0.0', 'group', 'generic', 'complexity', 'O(1)'] },
  };
}

const TEST_COMMANDS: CommandDef[] = [
  {
    name: 'take',
    spec: spec('take', ['write', 'blocking']),
    handler: (c, argv) => {
      const v = c.db.lookupWrite(argv[1]);
      if (v instanceof StringValue) {
        c.db.delete(argv[1]);
        c.server.signalModifiedKey(c.db, argv[1]);
        c.server.dirty++;
        c.out.bulk(v.s);
        return;
      }
      if (!c.server.blocking.canBlock(c)) {
        c.out.nullBulk();
        return;
      }
      c.server.blocking.blockOnKeys(c, [argv[1]], { timeoutMs: Number(argv[2]), onTimeout: (cl) => cl.out.nullBulk() });
    },
  },
  {
    name: 'put',
    spec: spec('put', ['write']),
    handler: (c, argv) => {
      c.db.setKey(argv[1], new StringValue(argv[2]));
      c.server.signalModifiedKey(c.db, argv[1]);
      c.server.signalKeyAsReady(c.db, argv[1]);
      c.server.dirty++;
      c.out.ok();
    },
  },
];

/** Waits for a blocked client's timeout to fire (it runs on real timers). */
function timedOut(c: Client): Promise<boolean> {
  return eventually(() => (c.flags & CLIENT.BLOCKED) === 0, 10_000, 'the blocking timeout');
}

function replies(c: Client): unknown[] {
  return parseReplies(c.out.take()).map(toPlain);
}

describe('blocking framework', () => {
  let e: TestEngine;
  beforeEach(() => {
    e = new TestEngine({ commands: [...ALL_COMMANDS, ...TEST_COMMANDS] });
  });

  test('a blocked client is served when the key is signalled', () => {
    const waiter = e.newClient();
    e.server.runCommand(waiter, ['TAKE', 'q', '0']);
    expect(waiter.flags & CLIENT.BLOCKED).toBeTruthy();
    expect(e.run('PUT', 'q', 'hello')).toBe('OK');
    expect(replies(waiter)).toEqual(['hello']);
    expect(waiter.flags & CLIENT.BLOCKED).toBe(0);
    expect(e.run('EXISTS', 'q')).toBe(0n);
  });

  test('clients are served in the order they blocked; the others keep waiting', () => {
    const first = e.newClient();
    const second = e.newClient();
    e.server.runCommand(first, ['TAKE', 'q', '0']);
    e.server.runCommand(second, ['TAKE', 'q', '0']);
    e.run('PUT', 'q', 'one');
    expect(replies(first)).toEqual(['one']);
    expect(replies(second)).toEqual([]);
    expect(second.flags & CLIENT.BLOCKED).toBeTruthy();
    e.run('PUT', 'q', 'two');
    expect(replies(second)).toEqual(['two']);
  });

  test('a timeout sends the timeout reply', async () => {
    const waiter = e.newClient();
    e.server.runCommand(waiter, ['TAKE', 'q', '30']);
    await timedOut(waiter);
    expect(replies(waiter)).toEqual([null]);
    expect(waiter.flags & CLIENT.BLOCKED).toBe(0);
  });

  test('CLIENT UNBLOCK with TIMEOUT or ERROR', () => {
    const a = e.newClient();
    const b = e.newClient();
    e.server.runCommand(a, ['TAKE', 'q', '0']);
    e.server.runCommand(b, ['TAKE', 'q', '0']);
    e.server.clients.set(a.id, a);
    e.server.clients.set(b.id, b);
    expect(e.run('CLIENT', 'UNBLOCK', String(a.id))).toBe(1n);
    expect(e.run('CLIENT', 'UNBLOCK', String(b.id), 'ERROR')).toBe(1n);
    expect(e.run('CLIENT', 'UNBLOCK', String(b.id))).toBe(0n);
    expect(replies(a)).toEqual([null]);
    expect(replies(b)).toEqual([new Error('UNBLOCKED client unblocked via CLIENT UNBLOCK')]);
  });

  test('inside MULTI a blocking command answers at once', () => {
    expect(e.run('MULTI')).toBe('OK');
    expect(e.run('TAKE', 'q', '0')).toBe('QUEUED');
    expect(e.run('EXEC')).toEqual([null]);
    expect(e.client.flags & CLIENT.BLOCKED).toBe(0);
  });

  test('a served command is counted and propagated once', () => {
    const ops: string[][] = [];
    e.server.propagation.onPropagate((u) => ops.push(...u.map((o) => [...o.argv])));
    const waiter = e.newClient();
    e.server.runCommand(waiter, ['TAKE', 'q', '0']);
    e.run('PUT', 'q', 'v');
    expect(ops).toEqual([['SELECT', '0'], ['PUT', 'q', 'v'], ['TAKE', 'q', '0']]);
    expect(e.server.commands.get('take')!.calls).toBe(1);
  });

  test('blocked clients follow SWAPDB', () => {
    const waiter = e.newClient();
    e.server.runCommand(waiter, ['TAKE', 'q', '0']);
    e.run('SELECT', '1');
    e.run('PUT', 'q', 'from-db1');
    expect(replies(waiter)).toEqual([]);
    e.run('SWAPDB', '0', '1');
    expect(replies(waiter)).toEqual(['from-db1']);
  });

  test('CLIENT PAUSE holds writes until UNPAUSE, then runs them in order', () => {
    e.run('CLIENT', 'PAUSE', '100000', 'WRITE');
    const writer = e.newClient();
    e.server.runCommand(writer, ['SET', 'k', 'v']);
    expect(writer.flags & CLIENT.BLOCKED).toBeTruthy();
    expect(e.run('GET', 'k')).toBeNull();
    expect(e.run('CLIENT', 'UNPAUSE')).toBe('OK');
    expect(replies(writer)).toEqual(['OK']);
    expect(e.run('GET', 'k')).toBe('v');
  });

  test('WAIT blocks until its timeout without replicas', async () => {
    const waiter = e.newClient();
    e.server.runCommand(waiter, ['WAIT', '1', '30']);
    expect(waiter.flags & CLIENT.BLOCKED).toBeTruthy();
    await timedOut(waiter);
    expect(replies(waiter)).toEqual([0n]);
  });

  test('WAITAOF without an append-only file', async () => {
    expect(e.run('WAITAOF', '0', '0', '0')).toEqual([0n, 0n]);
    expect(e.run('WAITAOF', '1', '0', '0')).toEqual(new Error('ERR WAITAOF cannot be used when numlocal is set but appendonly is disabled.'));
    expect(e.run('WAITAOF', '2', '0', '0')).toEqual(new Error('ERR value is out of range, value must between 0 and 1'));
    expect(e.run('WAITAOF', '0', '-1', '0')).toEqual(new Error('ERR value is out of range, must be positive'));
    const waiter = e.newClient();
    e.server.runCommand(waiter, ['WAITAOF', '0', '1', '30']);
    expect(waiter.flags & CLIENT.BLOCKED).toBeTruthy();
    await timedOut(waiter);
    expect(replies(waiter)).toEqual([[0n, 0n]]);
  });
});
