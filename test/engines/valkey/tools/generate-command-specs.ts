/**
 * Regenerates src/engines/valkey/table/command-specs.generated.ts: the metadata redis-server
 * reports about its commands (COMMAND INFO and COMMAND DOCS, in RESP3), captured from a real
 * redis-server so our COMMAND replies carry the same arity, flags, key specs and docs. With
 * `valkey`, the same from valkey-server into command-specs-valkey.generated.ts (the table of a
 * server emulating a Valkey release from 8.0 on).
 *
 *   npx ts-node --transpile-only test/engines/valkey/tools/generate-command-specs.ts [valkey]
 *
 * Only metadata is captured; which commands exist in our engine is decided by the command
 * families that register handlers.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { encodeCommand, ReplyParser, RespValue } from '../../../../src/engines/resp';
import { startRedisServer, startValkeyServer } from '../../../support/real-servers';

type Data = string | number | null | Data[] | { s: string } | { m: Data[] } | { t: Data[] };

function toData(v: RespValue): Data {
  switch (v.type) {
    case 'bulk': return v.value as string | null;
    case 'simple': return { s: v.value as string };
    case 'integer': return Number(v.value as bigint);
    case 'null': return null;
    case 'array': return (v.value as RespValue[] | null)?.map(toData) ?? null;
    case 'set': return { t: (v.value as RespValue[]).map(toData) };
    case 'map': return { m: (v.value as RespValue[]).map(toData) };
    default: throw new Error(`unexpected ${v.type} in COMMAND output`);
  }
}

async function query(port: number, commands: string[][]): Promise<RespValue[]> {
  const socket = net.connect(port, '127.0.0.1');
  const parser = new ReplyParser();
  const replies: RespValue[] = [];
  await new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('data', (d) => {
      parser.append(d);
      for (let r = parser.next(); r; r = parser.next()) replies.push(r.value);
      if (replies.length === commands.length) resolve();
    });
    socket.write(Buffer.concat(commands.map((c) => encodeCommand(c))));
  });
  socket.destroy();
  return replies;
}

function mapGet(m: RespValue, key: string): RespValue | undefined {
  const items = m.value as RespValue[];
  for (let i = 0; i < items.length; i += 2) if (items[i].value === key) return items[i + 1];
  return undefined;
}

function mapWithout(m: RespValue, key: string): RespValue {
  const items = m.value as RespValue[];
  const out: RespValue[] = [];
  for (let i = 0; i < items.length; i += 2) if (items[i].value !== key) out.push(items[i], items[i + 1]);
  return { type: 'map', value: out };
}

interface Spec {
  name: string;
  arity: number;
  flags: string[];
  firstKey: number;
  lastKey: number;
  keyStep: number;
  acl: string[];
  tips: string[];
  keySpecs: Data[];
  docs: Data;
  subcommands?: Spec[];
}

function toSpec(info: RespValue, docs: RespValue): Spec {
  const f = info.value as RespValue[];
  const names = (v: RespValue) => (v.value as RespValue[]).map((x) => x.value as string);
  const spec: Spec = {
    name: f[0].value as string,
    arity: Number(f[1].value),
    flags: names(f[2]),
    firstKey: Number(f[3].value),
    lastKey: Number(f[4].value),
    keyStep: Number(f[5].value),
    acl: names(f[6]),
    tips: names(f[7]),
    keySpecs: (f[8].value as RespValue[]).map(toData),
    docs: toData(mapWithout(docs, 'subcommands')),
  };
  const subs = f[9].value as RespValue[];
  if (subs.length > 0) {
    const subDocs = mapGet(docs, 'subcommands')!;
    spec.subcommands = subs
      .map((s) => toSpec(s, mapGet(subDocs, (s.value as RespValue[])[0].value as string)!))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
  return spec;
}

/** Where each source's capture goes and what its exports are called. */
const TARGETS = {
  redis: { file: 'command-specs.generated.ts', prefix: '', server: 'redis-server', start: startRedisServer },
  valkey: { file: 'command-specs-valkey.generated.ts', prefix: 'VALKEY_', server: 'valkey-server', start: startValkeyServer },
};

async function main(): Promise<void> {
  const target = TARGETS[(process.argv[2] ?? 'redis') as keyof typeof TARGETS];
  if (!target) throw new Error(`unknown source ${process.argv[2]}: redis or valkey`);
  const server = await target.start();
  try {
    const [, info, docs] = await query(server.port, [['HELLO', '3'], ['COMMAND', 'INFO'], ['COMMAND', 'DOCS']]);
    const specs = (info.value as RespValue[])
      .map((i) => toSpec(i, mapGet(docs, (i.value as RespValue[])[0].value as string)!))
      .sort((a, b) => a.name.localeCompare(b.name));
    const [version] = await query(server.port, [['INFO', 'server']]);
    // HELP texts of container commands (CLIENT HELP, CONFIG HELP, …) are part of their replies.
    const containers = specs.filter((s) => s.subcommands?.some((sub) => sub.name.endsWith('|help'))).map((s) => s.name);
    const helps = await query(server.port, containers.map((name) => [name.toUpperCase(), 'HELP']));
    const helpTexts: Record<string, string[]> = {};
    containers.forEach((name, i) => {
      if (helps[i].type === 'array') helpTexts[name] = (helps[i].value as RespValue[]).map((v) => v.value as string);
    });
    const info2 = version.value as string;
    const release = /valkey_version:(\S+)/.exec(info2)?.[1] ?? /redis_version:(\S+)/.exec(info2)![1];
    const out = path.join(__dirname, '../../../../src/engines/valkey/table', target.file);
    const body = specs.map((s) => '  ' + JSON.stringify(s)).join(',\n');
    const p = target.prefix;
    fs.writeFileSync(out, [
      '/* eslint-disable */',
      `// Generated by test/engines/valkey/tools/generate-command-specs.ts from ${target.server} ${release}'s`,
      '// COMMAND INFO and COMMAND DOCS. Do not edit by hand: rerun the generator.',
      "import type { CommandSpecData } from './spec-data';",
      '',
      `export const ${p}SPECS_SOURCE_VERSION = '${release}';`,
      '',
      `export const ${p}COMMAND_SPECS: readonly CommandSpecData[] = [`,
      body,
      '];',
      '',
      `/** Lines of each container command's HELP reply, as ${target.server} sends them. */`,
      `export const ${p}HELP_TEXTS: Readonly<Record<string, readonly string[]>> = ${JSON.stringify(helpTexts, null, 1)};`,
      '',
    ].join('\n'));
    process.stdout.write(`wrote ${specs.length} command specs to ${path.relative(process.cwd(), out)}\n`);
  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exitCode = 1;
});
