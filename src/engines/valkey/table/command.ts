/**
 * A command as the server runs it: metadata from the captured specs (arity, flags, key specs, ACL
 * categories, docs) joined with the handler a command family registers, plus its statistics.
 */
import { aclCategoryBits, CMD, flagBits } from './flags';
import { KeyRef, KeySpec, keysFromSpecs, parseKeySpec } from './key-specs';
import type { CommandSpecData } from './spec-data';
import type { Client } from '../server/client';
import type { LatencyHistogram } from '../server/latency-histogram';

/**
 * Runs one command. `argv[0]` is the command name as the client sent it; arity is already
 * checked. Replies go to `c.out`; the handler must not be async and must reply exactly once
 * (or block the client, see `Client.blockOnKeys`).
 */
export type CommandHandler = (c: Client, argv: string[]) => void;

/** Finds keys for commands whose key specs cannot (redis' getkeys_proc). Undefined = invalid. */
export type KeyFinder = (argv: readonly string[]) => KeyRef[] | undefined;

/** What a command family declares for one command. */
export interface CommandDef {
  /** Lower-case name; a subcommand is `container|sub` (its container is created automatically). */
  readonly name: string;
  readonly handler: CommandHandler;
  /**
   * Metadata for a command the captured specs do not know (e.g. added after the redis release the
   * specs come from) or corrections to them. Merged over the captured entry.
   */
  readonly spec?: Partial<CommandSpecData>;
  /** Internal flags redis does not report in COMMAND: `may_replicate`, `protected`. */
  readonly internalFlags?: readonly string[];
  /** Key finder used when the key specs are incomplete or invalid for an argument vector. */
  readonly getKeys?: KeyFinder;
  /**
   * Metadata changes of later server versions (e.g. an argument added in 7.2), each merged over
   * the spec when the emulated version is at least `since`, in order.
   */
  readonly laterSpecs?: readonly VersionedSpec[];
}

/** A spec change that applies from a server version on. */
export interface VersionedSpec {
  readonly since: string;
  readonly spec: Partial<CommandSpecData>;
}

/** The `since` version in a spec's docs, or 0.0.0 when missing. */
export function specSince(spec: CommandSpecData): string {
  const docs = spec.docs;
  if (docs && typeof docs === 'object' && 'm' in docs) {
    const i = docs.m.indexOf('since');
    if (i >= 0 && i % 2 === 0) return String(docs.m[i + 1]);
  }
  return '0.0.0';
}

/** Parsed key specs per captured key-spec list: shared data, so every server parses them once. */
const PARSED_KEY_SPECS = new WeakMap<object, readonly KeySpec[]>();

function parsedKeySpecs(spec: CommandSpecData): readonly KeySpec[] {
  let parsed = PARSED_KEY_SPECS.get(spec.keySpecs);
  if (!parsed) {
    parsed = spec.keySpecs.map(parseKeySpec);
    PARSED_KEY_SPECS.set(spec.keySpecs, parsed);
  }
  return parsed;
}

export class Command {
  /** Lower-case name of this level (`kill` for `client|kill`). */
  public readonly name: string;
  /** Name as COMMAND and error messages show it: `get`, `client|kill`. */
  public readonly fullName: string;
  public readonly arity: number;
  public readonly flags: number;
  public readonly aclCategories: number;
  public readonly keySpecs: readonly KeySpec[];
  public readonly subcommands: Map<string, Command> | undefined;
  /** Statistics for INFO commandstats. */
  public calls = 0;
  public microseconds = 0;
  public rejectedCalls = 0;
  public failedCalls = 0;
  /** Latency distribution (INFO latencystats), created on first use. */
  public histogram: LatencyHistogram | undefined;

  constructor(
    public readonly spec: CommandSpecData,
    public readonly handler: CommandHandler | undefined,
    public readonly parent: Command | undefined,
    internalFlags: readonly string[] = [],
    public readonly getKeys: KeyFinder | undefined = undefined,
    subcommands: Command[] | undefined = undefined,
  ) {
    this.fullName = spec.name;
    this.name = parent ? spec.name.slice(parent.name.length + 1) : spec.name;
    this.arity = spec.arity;
    this.flags = flagBits(spec.flags) | flagBits(internalFlags);
    this.aclCategories = aclCategoryBits(spec.acl);
    this.keySpecs = parsedKeySpecs(spec);
    if (subcommands) {
      this.subcommands = new Map();
      for (const s of subcommands) this.subcommands.set(s.name, s);
    }
  }

  public has(flag: number): boolean {
    return (this.flags & flag) !== 0;
  }

  public get isWrite(): boolean {
    return (this.flags & CMD.WRITE) !== 0;
  }

  /** redis' doesCommandHaveKeys: a key finder, or a key spec that is not `not_key`. */
  public hasKeys(): boolean {
    return this.getKeys !== undefined || this.keySpecs.some((s) => !s.flags.includes('not_key'));
  }

  /**
   * Key positions in `argv` (redis' getKeysFromCommandWithSpecs): key specs when they are reliable
   * and apply, else the command's key finder. Undefined when the arguments are invalid.
   */
  public findKeys(argv: readonly string[]): KeyRef[] | undefined {
    const usableSpecs = this.keySpecs.some((s) => !s.flags.includes('not_key'))
      && !this.keySpecs.some((s) => s.flags.includes('variable_flags'));
    if (usableSpecs) {
      const keys = keysFromSpecs(this.keySpecs, argv, this.arity);
      if (keys !== undefined) return keys;
    }
    if (this.getKeys) return this.getKeys(argv);
    return usableSpecs ? undefined : [];
  }

  /** Checks arity the way redis does (positive: exact; negative: at least). */
  public arityOk(argc: number): boolean {
    const a = this.arity;
    return a > 0 ? argc === a : argc >= -a;
  }
}
