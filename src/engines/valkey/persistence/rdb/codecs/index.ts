/** Every value type's RDB codec; a new type adds its module here. */
import { HASH_CODEC } from './hash-codec';
import { LIST_CODEC } from './list-codec';
import { SET_CODEC } from './set-codec';
import { STREAM_CODEC } from './stream-codec';
import { STRING_CODEC } from './string-codec';
import { ZSET_CODEC } from './zset-codec';
import type { TypeCodec } from '../codec';

export const CODECS: readonly TypeCodec[] = [STRING_CODEC, LIST_CODEC, SET_CODEC, HASH_CODEC, ZSET_CODEC, STREAM_CODEC];
