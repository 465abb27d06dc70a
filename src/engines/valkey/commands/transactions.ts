/** MULTI, EXEC, DISCARD, WATCH, UNWATCH. */
import { discardTransaction, execTransaction } from '../exec/multi';
import { CLIENT, Client } from '../server/client';
import type { CommandDef } from '../table/command';

function multi(c: Client): void {
  if (c.flags & CLIENT.MULTI) {
    c.out.error('MULTI calls can not be nested');
    return;
  }
  c.flags |= CLIENT.MULTI;
  c.multi = { commands: [], flags: 0 };
  c.out.ok();
}

function discard(c: Client): void {
  if (!(c.flags & CLIENT.MULTI)) {
    c.out.error('DISCARD without MULTI');
    return;
  }
  discardTransaction(c);
  c.out.ok();
}

function watch(c: Client, argv: string[]): void {
  if (c.flags & CLIENT.MULTI) {
    c.out.error('WATCH inside MULTI is not allowed');
    return;
  }
  // A client whose transaction is already doomed need not watch more keys.
  if (!(c.flags & CLIENT.DIRTY_CAS)) {
    for (let i = 1; i < argv.length; i++) c.server.watches.watch(c, c.db, argv[i]);
  }
  c.out.ok();
}

function unwatch(c: Client): void {
  c.server.watches.unwatchAll(c);
  c.flags &= ~CLIENT.DIRTY_CAS;
  c.out.ok();
}

export const TRANSACTION_COMMANDS: CommandDef[] = [
  { name: 'multi', handler: multi },
  { name: 'exec', handler: execTransaction },
  { name: 'discard', handler: discard },
  { name: 'watch', handler: watch },
  { name: 'unwatch', handler: unwatch },
];
