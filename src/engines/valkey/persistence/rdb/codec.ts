/**
 * The contract of a value type's RDB serialization. Each type (strings, lists, sets, hashes,
 * sorted sets, streams) is one module exporting a TypeCodec; codecs/index.ts lists them, and adding
 * a type means adding its module there.
 */
import type { RdbReader } from './rdb-reader';
import type { RdbWriter } from './rdb-writer';
import type { StoredValue } from '../../keyspace/values';
import type { ValkeyServer } from '../../server/server';

/** What serialization depends on besides the value. */
export interface SaveContext {
  /** RDB version being written (10: redis 7.0, 11: redis/Valkey 7.2). */
  readonly rdbVersion: number;
}

/** What loading depends on: the server's encoding limits and the payload's format version. */
export interface LoadContext {
  readonly server: ValkeyServer;
  /** Version of the payload or file being read. */
  readonly rdbVersion: number;
  /** The version the server emulates writes (7.2 loads listpack lists and sets). */
  readonly serverRdbVersion: number;
}

export interface TypeCodec {
  /** StoredValue.type values this codec saves. */
  readonly valueType: string;
  /** RDB type bytes it loads. */
  readonly loads: readonly number[];
  /** rdbSaveObjectType: the type byte for this value. */
  typeOf(value: StoredValue, ctx: SaveContext): number;
  /** rdbSaveObject: the value's body. */
  save(value: StoredValue, w: RdbWriter, ctx: SaveContext): void;
  /**
   * rdbLoadObject: the value of type `type`, or undefined when the payload holds an empty
   * aggregate (redis skips such keys). Throws RdbFormatError on corrupt data.
   */
  load(type: number, r: RdbReader, ctx: LoadContext): StoredValue | undefined;
}
