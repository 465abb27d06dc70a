/**
 * Shape of the command metadata captured from redis-server (see command-specs.generated.ts).
 * RESP3 data is kept as compact JSON: bulk strings as strings, simple strings as `{ s }`,
 * integers as numbers, arrays as arrays, maps as `{ m: [k, v, …] }`, sets as `{ t: […] }`.
 */
export type SpecValue = string | number | null | SpecValue[] | { s: string } | { m: SpecValue[] } | { t: SpecValue[] };

export interface CommandSpecData {
  /** Lower-case name; subcommands are `container|sub`. */
  readonly name: string;
  /** Positive: exact argument count including the name; negative: at least that many. */
  readonly arity: number;
  readonly flags: readonly string[];
  readonly firstKey: number;
  readonly lastKey: number;
  readonly keyStep: number;
  /** ACL categories, with the `@` prefix. */
  readonly acl: readonly string[];
  readonly tips: readonly string[];
  /** Key specifications as COMMAND INFO reports them. */
  readonly keySpecs: readonly SpecValue[];
  /** COMMAND DOCS map without its `subcommands` entry. */
  readonly docs: SpecValue;
  readonly subcommands?: readonly CommandSpecData[];
}
