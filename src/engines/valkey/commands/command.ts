/** COMMAND and its subcommands, answered from the command table. */
import { is, replyHelp } from './args';
import type { ReplyWriter } from '../../resp/reply-writer';
import type { Client } from '../server/client';
import type { Command, CommandDef } from '../table/command';
import type { SpecValue } from '../table/spec-data';
import { globMatch } from '../util/glob';

/** Writes captured RESP3 data with the client's protocol (maps and sets degrade to arrays in RESP2). */
export function writeSpecValue(out: ReplyWriter, v: SpecValue): void {
  if (v === null) {
    out.null();
  } else if (typeof v === 'string') {
    out.bulk(v);
  } else if (typeof v === 'number') {
    out.integer(v);
  } else if (Array.isArray(v)) {
    out.arrayHeader(v.length);
    for (const x of v) writeSpecValue(out, x);
  } else if ('s' in v) {
    out.status(v.s);
  } else if ('m' in v) {
    out.mapHeader(v.m.length / 2);
    for (const x of v.m) writeSpecValue(out, x);
  } else {
    out.setHeader(v.t.length);
    for (const x of v.t) writeSpecValue(out, x);
  }
}

/** One COMMAND INFO entry (redis addReplyCommandInfo). */
export function writeCommandInfo(out: ReplyWriter, cmd: Command): void {
  const spec = cmd.spec;
  out.arrayHeader(10);
  out.bulk(cmd.fullName);
  out.integer(spec.arity);
  out.setHeader(spec.flags.length);
  for (const f of spec.flags) out.status(f);
  out.integer(spec.firstKey);
  out.integer(spec.lastKey);
  out.integer(spec.keyStep);
  out.setHeader(spec.acl.length);
  for (const a of spec.acl) out.status(a);
  out.setHeader(spec.tips.length);
  for (const t of spec.tips) out.bulk(t);
  out.setHeader(spec.keySpecs.length);
  for (const k of spec.keySpecs) writeSpecValue(out, k);
  const subs = cmd.subcommands ? [...cmd.subcommands.values()] : [];
  out.setHeader(subs.length);
  for (const s of subs) writeCommandInfo(out, s);
}

/** One COMMAND DOCS value: the captured docs map plus the registered subcommands' docs. */
function writeCommandDocs(out: ReplyWriter, cmd: Command): void {
  const captured = cmd.spec.docs as { m: SpecValue[] };
  const subs = cmd.subcommands ? [...cmd.subcommands.values()] : [];
  out.mapHeader(captured.m.length / 2 + (subs.length > 0 ? 1 : 0));
  for (const x of captured.m) writeSpecValue(out, x);
  if (subs.length > 0) {
    out.bulk('subcommands');
    out.mapHeader(subs.length);
    for (const s of subs) {
      out.bulk(s.fullName);
      writeCommandDocs(out, s);
    }
  }
}

function command(c: Client): void {
  const cmds = c.server.commands.commands();
  c.out.arrayHeader(cmds.length);
  for (const cmd of cmds) writeCommandInfo(c.out, cmd);
}

function count(c: Client): void {
  c.out.integer(c.server.commands.count);
}

function info(c: Client, argv: string[]): void {
  const table = c.server.commands;
  if (argv.length === 2) {
    const cmds = table.commands();
    c.out.arrayHeader(cmds.length);
    for (const cmd of cmds) writeCommandInfo(c.out, cmd);
    return;
  }
  c.out.arrayHeader(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const cmd = table.getByFullName(argv[i]);
    if (cmd) writeCommandInfo(c.out, cmd);
    else c.out.null();
  }
}

function docs(c: Client, argv: string[]): void {
  const table = c.server.commands;
  const found: Command[] = [];
  if (argv.length === 2) {
    found.push(...table.commands());
  } else {
    for (let i = 2; i < argv.length; i++) {
      const cmd = table.getByFullName(argv[i]);
      if (cmd) found.push(cmd);
    }
  }
  c.out.mapHeader(found.length);
  for (const cmd of found) {
    c.out.bulk(cmd.fullName);
    writeCommandDocs(c.out, cmd);
  }
}

function list(c: Client, argv: string[]): void {
  const all: Command[] = [];
  for (const cmd of c.server.commands.commands()) {
    all.push(cmd);
    if (cmd.subcommands) all.push(...cmd.subcommands.values());
  }
  let filter: ((cmd: Command) => boolean) | undefined;
  if (argv.length === 5 && is(argv[2], 'filterby')) {
    const what = argv[3];
    const arg = argv[4];
    if (is(what, 'module')) filter = () => false;
    else if (is(what, 'aclcat')) filter = (cmd) => cmd.spec.acl.some((a) => a.toLowerCase() === `@${arg.toLowerCase()}`);
    else if (is(what, 'pattern')) filter = (cmd) => globMatch(arg, cmd.fullName, true);
  }
  if (argv.length !== 2 && !filter) {
    c.out.error('syntax error');
    return;
  }
  const names = all.filter((cmd) => !filter || filter(cmd)).map((cmd) => cmd.fullName);
  c.out.bulkArray(names);
}

/** COMMAND GETKEYS / GETKEYSANDFLAGS (redis getKeysSubcommandImpl). */
function getKeys(c: Client, argv: string[], withFlags: boolean): void {
  const target = argv.slice(2);
  const found = c.server.commands.lookup(target);
  const cmd = found.cmd;
  if (!cmd || !cmd.handler) {
    c.out.error('Invalid command specified');
    return;
  }
  if (!cmd.hasKeys()) {
    c.out.error('The command has no key arguments');
    return;
  }
  if (!cmd.arityOk(target.length)) {
    c.out.error('Invalid number of arguments specified for command');
    return;
  }
  const keys = cmd.findKeys(target);
  if (!keys || keys.length === 0) {
    if (cmd.spec.flags.includes('no_mandatory_keys')) c.out.arrayHeader(0);
    else c.out.error('Invalid arguments specified for command');
    return;
  }
  c.out.arrayHeader(keys.length);
  for (const k of keys) {
    if (withFlags) {
      c.out.arrayHeader(2);
      c.out.bulk(target[k.pos]);
      c.out.setHeader(k.flags.length);
      for (const f of k.flags) c.out.status(f);
    } else {
      c.out.bulk(target[k.pos]);
    }
  }
}

export const COMMAND_COMMANDS: CommandDef[] = [
  { name: 'command', handler: command },
  { name: 'command|count', handler: count },
  { name: 'command|info', handler: info },
  { name: 'command|docs', handler: docs },
  { name: 'command|list', handler: list },
  { name: 'command|getkeys', handler: (c, argv) => getKeys(c, argv, false) },
  { name: 'command|getkeysandflags', handler: (c, argv) => getKeys(c, argv, true) },
  { name: 'command|help', handler: (c) => replyHelp(c, 'command') },
];
