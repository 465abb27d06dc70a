/**
 * Values to and from their RDB form (rdbSaveObjectType + rdbSaveObject, rdbLoadObject), through
 * the codec of each type.
 */
import type { LoadContext, SaveContext, TypeCodec } from './codec';
import { CODECS } from './codecs';
import { isObjectType, rdbVersionFor } from './constants';
import { RdbFormatError, RdbReader } from './rdb-reader';
import type { RdbWriter } from './rdb-writer';
import type { StoredValue } from '../../keyspace/values';
import type { ValkeyServer } from '../../server/server';

const BY_VALUE_TYPE = new Map<string, TypeCodec>();
const BY_RDB_TYPE = new Map<number, TypeCodec>();
for (const codec of CODECS) {
  BY_VALUE_TYPE.set(codec.valueType, codec);
  for (const t of codec.loads) BY_RDB_TYPE.set(t, codec);
}

/** How this server serializes: its RDB version (each list keeps its own compression depth). */
export function saveContextOf(server: ValkeyServer): SaveContext {
  return { rdbVersion: rdbVersionFor(server.version) };
}

/** How this server loads a payload or file of format version `rdbVersion`. */
export function loadContextOf(server: ValkeyServer, rdbVersion: number): LoadContext {
  return { server, rdbVersion, serverRdbVersion: rdbVersionFor(server.version) };
}

/** True when values of this type can be serialized. */
export function canSerialize(value: StoredValue): boolean {
  return BY_VALUE_TYPE.has(value.type);
}

function codecOf(value: StoredValue): TypeCodec {
  const codec = BY_VALUE_TYPE.get(value.type);
  if (!codec) throw new Error(`no RDB serialization for values of type ${value.type}`);
  return codec;
}

/** rdbSaveObjectType: the value's type byte. */
export function objectType(value: StoredValue, ctx: SaveContext): number {
  return codecOf(value).typeOf(value, ctx);
}

/** rdbSaveObject: the value's body (after its type byte, and in files after its key). */
export function writeObjectBody(w: RdbWriter, value: StoredValue, ctx: SaveContext): void {
  codecOf(value).save(value, w, ctx);
}

/** The value's type byte and body (a DUMP payload's contents). */
export function writeObject(w: RdbWriter, value: StoredValue, ctx: SaveContext): void {
  w.byte(objectType(value, ctx));
  writeObjectBody(w, value, ctx);
}

/**
 * Reads a value of RDB type `type` (already read). Undefined for an empty aggregate; throws
 * RdbFormatError for unknown types or corrupt data.
 */
export function readObjectBody(type: number, r: RdbReader, ctx: LoadContext): StoredValue | undefined {
  const codec = isObjectType(type, ctx.serverRdbVersion) ? BY_RDB_TYPE.get(type) : undefined;
  if (!codec) throw new RdbFormatError(`Unknown RDB encoding type ${type}`);
  return codec.load(type, r, ctx);
}
