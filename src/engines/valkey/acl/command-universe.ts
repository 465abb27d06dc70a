/**
 * The commands ACL rules talk about (redis' `server.orig_commands`): every command of the emulated
 * version with its ACL categories, whether or not a family implements it yet, and regardless of
 * renames. Each command and subcommand gets a bit id; one more id is reserved for "future
 * commands", set only by `+@all`, which tells `+@all -x` apart from `-@all +y…`.
 */
import { specSince } from '../table/command';
import { ACL_CATEGORIES, aclCategoryBits } from '../table/flags';
import type { CommandTable } from '../table/registry';
import { compareVersions } from '../table/registry';
import type { CommandSpecData } from '../table/spec-data';
import { REDIS_SPECS, SpecSource } from '../table/spec-sources';

export interface AclCommand {
  readonly id: number;
  /** `get`, `client|kill`. */
  readonly fullName: string;
  /** ACL category bits (index in ACL_CATEGORIES). */
  readonly categories: number;
  /** Commands flagged no_auth (AUTH, HELLO) are never refused by command rules. */
  readonly noAuth: boolean;
  readonly parent: AclCommand | undefined;
  /** Subcommands by lower-case name. */
  readonly subcommands: Map<string, AclCommand> | undefined;
}

interface Mutable {
  id: number;
  fullName: string;
  categories: number;
  noAuth: boolean;
  parent: AclCommand | undefined;
  subcommands: Map<string, AclCommand> | undefined;
}

export class CommandUniverse {
  /** Top-level commands in a fixed order (redis walks a hash table; any fixed order is one of its orders). */
  public readonly commands: AclCommand[] = [];
  /** Every command and subcommand, parents before their subcommands. */
  public readonly all: AclCommand[] = [];
  private readonly byFullName = new Map<string, AclCommand>();
  /** The reserved "future commands" bit. */
  public readonly futureId: number;

  /** `version` gates the captured commands of `source` (a Valkey capture: by its release). */
  constructor(version: string, table?: CommandTable, source: SpecSource = REDIS_SPECS) {
    const specs = new Map<string, CommandSpecData>();
    const inVersion = (s: CommandSpecData) => compareVersions(specSince(s), version) <= 0;
    for (const spec of source.specs) {
      if (!inVersion(spec)) continue;
      specs.set(spec.name, { ...spec, subcommands: (spec.subcommands ?? []).filter(inVersion) });
    }
    // Families may declare commands newer than the captured specs (or correct them).
    for (const cmd of table?.commands() ?? []) {
      const captured = specs.get(cmd.fullName);
      const subs = new Map<string, CommandSpecData>();
      for (const s of captured?.subcommands ?? []) subs.set(s.name, s);
      for (const s of cmd.subcommands?.values() ?? []) subs.set(s.fullName, s.spec);
      specs.set(cmd.fullName, { ...cmd.spec, subcommands: subs.size > 0 ? [...subs.values()] : undefined });
    }
    const names = [...specs.keys()].sort();
    let nextId = 0;
    for (const name of names) {
      const spec = specs.get(name)!;
      const top = this.make(nextId++, spec, undefined);
      this.commands.push(top);
      this.all.push(top);
      const subs = [...(spec.subcommands ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1));
      if (subs.length > 0) {
        const map = new Map<string, AclCommand>();
        (top as Mutable).subcommands = map;
        for (const s of subs) {
          const sub = this.make(nextId++, s, top);
          map.set(sub.fullName.slice(name.length + 1), sub);
          this.all.push(sub);
        }
      }
    }
    this.futureId = nextId;
  }

  private make(id: number, spec: CommandSpecData, parent: AclCommand | undefined): AclCommand {
    const cmd: Mutable = {
      id,
      fullName: spec.name,
      categories: aclCategoryBits(spec.acl),
      noAuth: spec.flags.includes('no_auth'),
      parent,
      subcommands: undefined,
    };
    this.byFullName.set(spec.name, cmd);
    return cmd;
  }

  /** Number of bits a command bitmap needs (commands + the reserved bit). */
  public get bitCount(): number {
    return this.futureId + 1;
  }

  /** The ACL entry of a command the server runs (by its original full name). */
  public byName(fullName: string): AclCommand | undefined {
    return this.byFullName.get(fullName);
  }

  /**
   * redis' ACLLookupCommand: `name` or `container|sub`, case-insensitive; more than one `|`,
   * a `|` after a command without subcommands, or an unknown part give undefined.
   */
  public lookup(name: string): AclCommand | undefined {
    const parts = name.toLowerCase().split('|');
    if (parts.length > 2) return undefined;
    const base = this.byFullName.get(parts[0]);
    if (!base || base.parent) return undefined;
    if (parts.length === 1) return base;
    if (!base.subcommands) return undefined;
    return base.subcommands.get(parts[1]);
  }
}

/** The bit of a category name (without `@`, case-insensitive), or -1. */
export function categoryIndex(name: string): number {
  return ACL_CATEGORIES.indexOf(name.toLowerCase());
}

/** Universes already built, by version: each with the spec data it was built from. */
const UNIVERSES = new Map<string, { readonly inputs: readonly unknown[]; readonly universe: CommandUniverse }[]>();

/** The spec data a table contributes to its universe (shared objects, compared by identity). */
function universeInputs(table: CommandTable): unknown[] {
  const inputs: unknown[] = [];
  // A table copies each spec object, but the lists inside are the shared ones.
  for (const cmd of [...table.commands(), ...table.commands().flatMap((c) => [...(c.subcommands?.values() ?? [])])]) {
    inputs.push(cmd.fullName, cmd.spec.acl, cmd.spec.flags, cmd.spec.docs);
  }
  return inputs;
}

/**
 * The universe of a version and command table. Servers built from the same command definitions
 * share one (it never changes once built), so a simulator starting many nodes builds it once.
 */
export function commandUniverseFor(version: string, table: CommandTable, source: SpecSource = REDIS_SPECS): CommandUniverse {
  const inputs = universeInputs(table);
  const key = `${source.key}@${version}`;
  const built = UNIVERSES.get(key) ?? [];
  const found = built.find((b) => b.inputs.length === inputs.length && b.inputs.every((x, i) => x === inputs[i]));
  if (found) return found.universe;
  const universe = new CommandUniverse(version, table, source);
  built.push({ inputs, universe });
  UNIVERSES.set(key, built);
  return universe;
}
