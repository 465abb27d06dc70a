/**
 * The command table: assembles the command families' definitions with the captured metadata,
 * keeps only commands that exist in the emulated server version, and answers lookups (with
 * container/subcommand resolution) on the hot path. Commands can be renamed or disabled, as
 * ElastiCache does with the commands it restricts.
 */
import { Command, CommandDef, specSince, VersionedSpec } from './command';
import type { CommandSpecData } from './spec-data';
import { REDIS_SPECS, SpecSource } from './spec-sources';

/** Compares dotted versions numerically: negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export type LookupResult =
  | { readonly cmd: Command; readonly unknown?: undefined }
  | { readonly cmd?: undefined; readonly unknown: 'command' }
  | { readonly cmd?: undefined; readonly unknown: 'subcommand'; readonly container: Command };

/**
 * Merged specs by command name, override object and version. The inputs are module-level data
 * (captured specs, the families' definitions), so the result is shared by every server instead of
 * being rebuilt by each (a simulator starts dozens).
 */
const MERGED = new Map<string, WeakMap<object, CommandSpecData>>();
const NO_OVERRIDE = {};

function mergeSpec(
  source: SpecSource, name: string, override: Partial<CommandSpecData> | undefined, later: readonly VersionedSpec[] = [], version = '0',
): CommandSpecData {
  const key = `${source.key}:${name}@${version}`;
  let byOverride = MERGED.get(key);
  if (!byOverride) {
    byOverride = new WeakMap();
    MERGED.set(key, byOverride);
  }
  const identity = override ?? (later.length > 0 ? later : NO_OVERRIDE);
  const cached = byOverride.get(identity);
  if (cached) return cached;
  const merged = buildSpec(source, name, override, later, version);
  byOverride.set(identity, merged);
  return merged;
}

function buildSpec(
  source: SpecSource, name: string, override: Partial<CommandSpecData> | undefined, later: readonly VersionedSpec[], version: string,
): CommandSpecData {
  // A release's own capture is its table as it is; otherwise Redis OSS 7.0's, patched by the families.
  const own = source.complete ? source.byName.get(name) : undefined;
  if (own) return own;
  const base = REDIS_SPECS.byName.get(name);
  if (!base && !override) throw new Error(`command '${name}' has no captured spec; declare its spec in the family`);
  let merged = { ...(base ?? {}), ...(override ?? {}), name } as CommandSpecData;
  for (const l of later) if (compareVersions(l.since, version) <= 0) merged = { ...merged, ...l.spec, name };
  for (const field of ['arity', 'flags', 'firstKey', 'lastKey', 'keyStep', 'acl', 'tips', 'keySpecs', 'docs'] as const) {
    if (merged[field] === undefined) throw new Error(`command '${name}' spec lacks '${field}'`);
  }
  return merged;
}

export interface CommandTableOptions {
  /** Emulated server version: commands introduced later are left out. */
  readonly version: string;
  /** Captured metadata to build from. Default: redis-server's. */
  readonly source?: SpecSource;
}

export class CommandTable {
  private readonly byName = new Map<string, Command>();
  /** Exact-case aliases seen on the wire (`GET`, `Get`), filled lazily to skip toLowerCase. */
  private readonly byWireName = new Map<string, Command>();

  /** Lines of each container command's HELP reply, as the emulated server words them. */
  public readonly helpTexts: Readonly<Record<string, readonly string[]>>;

  constructor(defs: readonly CommandDef[], options: CommandTableOptions) {
    const source = options.source ?? REDIS_SPECS;
    this.helpTexts = source.helpTexts;
    const top = new Map<string, CommandDef>();
    const subs = new Map<string, CommandDef[]>();
    for (const def of defs) {
      const bar = def.name.indexOf('|');
      if (bar < 0) {
        if (top.has(def.name)) throw new Error(`command '${def.name}' is registered twice`);
        top.set(def.name, def);
      } else {
        const container = def.name.slice(0, bar);
        const list = subs.get(container) ?? [];
        if (list.some((d) => d.name === def.name)) throw new Error(`command '${def.name}' is registered twice`);
        list.push(def);
        subs.set(container, list);
      }
    }
    // A release's own capture lists only its commands; others are left out when added later.
    const inVersion = (spec: CommandSpecData) => (source.complete && source.byName.has(spec.name))
      || compareVersions(specSince(spec), options.version) <= 0;
    for (const [name, def] of top) {
      // A container's own handler (bare COMMAND) is attached below with its subcommands.
      if (subs.has(name)) continue;
      const spec = mergeSpec(source, name, def.spec, def.laterSpecs, options.version);
      if (!inVersion(spec)) continue;
      this.add(new Command({ ...spec, subcommands: undefined }, def.handler, undefined, def.internalFlags, def.getKeys));
    }
    for (const [name, list] of subs) {
      const containerSpec = mergeSpec(source, name, undefined);
      if (!inVersion(containerSpec)) continue;
      const own = top.get(name);
      const container = new Command({ ...containerSpec, subcommands: undefined }, own?.handler, undefined);
      const children: Command[] = [];
      for (const def of list) {
        const spec = mergeSpec(source, def.name, def.spec, def.laterSpecs, options.version);
        if (!inVersion(spec)) continue;
        children.push(new Command(spec, def.handler, container, def.internalFlags, def.getKeys));
      }
      children.sort((a, b) => (a.name < b.name ? -1 : 1));
      const spec = { ...containerSpec, subcommands: children.map((c) => c.spec) };
      this.add(new Command(spec, own?.handler, undefined, own?.internalFlags, undefined, children));
    }
  }

  private add(cmd: Command): void {
    // Subcommands point at the container object they were built with; rebuild the link.
    if (cmd.subcommands) {
      for (const sub of cmd.subcommands.values()) (sub as { parent: Command | undefined }).parent = cmd;
    }
    this.byName.set(cmd.name, cmd);
  }

  /** Number of top-level commands (COMMAND COUNT). */
  public get count(): number {
    return this.byName.size;
  }

  /** Top-level commands, in registration order. */
  public commands(): Command[] {
    return [...this.byName.values()];
  }

  /** A top-level command by (case-insensitive) name. */
  public get(name: string): Command | undefined {
    const exact = this.byWireName.get(name);
    if (exact) return exact;
    const cmd = this.byName.get(name.toLowerCase());
    if (cmd && this.byWireName.size < 4096) this.byWireName.set(name, cmd);
    return cmd;
  }

  /** A command by full name (`get`, `client|kill`), case-insensitive. */
  public getByFullName(fullName: string): Command | undefined {
    const [top, sub] = fullName.toLowerCase().split('|', 2);
    const cmd = this.byName.get(top);
    if (sub === undefined || !cmd) return cmd;
    return cmd.subcommands?.get(sub);
  }

  /** The command or subcommand for an argument vector, or undefined (hot path: allocates nothing). */
  public find(argv: readonly string[]): Command | undefined {
    const cmd = this.get(argv[0]);
    if (!cmd || argv.length === 1 || !cmd.subcommands) return cmd;
    return cmd.subcommands.get(argv[1].toLowerCase());
  }

  /** Resolves an argument vector to a command or subcommand, as redis' lookupCommand does. */
  public lookup(argv: readonly string[]): LookupResult {
    const cmd = this.get(argv[0]);
    if (!cmd) return { unknown: 'command' };
    if (argv.length === 1 || !cmd.subcommands) return { cmd };
    const sub = cmd.subcommands.get(argv[1].toLowerCase());
    if (!sub) return { unknown: 'subcommand', container: cmd };
    return { cmd: sub };
  }

  /**
   * Renames a top-level command (redis' rename-command); an empty new name disables it, so it
   * answers as an unknown command.
   */
  public rename(name: string, newName: string): void {
    const cmd = this.byName.get(name.toLowerCase());
    if (!cmd) throw new Error(`cannot rename unknown command '${name}'`);
    this.byName.delete(name.toLowerCase());
    this.byWireName.clear();
    if (newName !== '') {
      if (this.byName.has(newName.toLowerCase())) throw new Error(`cannot rename '${name}' to existing command '${newName}'`);
      this.byName.set(newName.toLowerCase(), cmd);
    }
  }

  /** Makes a command answer as unknown (ElastiCache's restricted commands). */
  public disable(name: string): void {
    this.rename(name, '');
  }

  /** Every command, subcommands included (for INFO commandstats and ACL). */
  public allCommands(): Command[] {
    const out: Command[] = [];
    for (const c of this.byName.values()) {
      if (c.subcommands) out.push(...c.subcommands.values());
      else out.push(c);
    }
    return out;
  }
}
