import type { IntrinsicHandler } from './scope';
import { resolveString } from './values';

/** `Fn::Base64`: the UTF-8 bytes of a string, base64 encoded. */
export const base64: IntrinsicHandler = (args, scope) =>
  Buffer.from(resolveString(args, scope, 'every Fn::Base64 object must have a single String parameter.'), 'utf8').toString('base64');
