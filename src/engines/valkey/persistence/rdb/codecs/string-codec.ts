/** Strings (RDB_TYPE_STRING): integer-encoded, LZF-compressed or raw, as rdbSaveStringObject writes them. */
import { StoredValue, StringValue } from '../../../keyspace/values';
import type { TypeCodec } from '../codec';
import { RDB_TYPE } from '../constants';

export const STRING_CODEC: TypeCodec = {
  valueType: 'string',
  loads: [RDB_TYPE.STRING],
  typeOf: () => RDB_TYPE.STRING,
  save(value, w) {
    w.string((value as StringValue).s);
  },
  load(_type, r): StoredValue {
    // rdbLoadEncodedStringObject + tryObjectEncoding: int, embstr or raw by content and length.
    return new StringValue(r.string());
  },
};
