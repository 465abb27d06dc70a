import { isJsonObject } from '../types';
import type { IntrinsicHandler } from './scope';
import { resolveString, templateError } from './values';

const PROBLEM = 'every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value';

/** `Fn::FindInMap`: `[map, topKey, secondKey]`, with an optional `{ DefaultValue }` (language extensions). */
export const findInMap: IntrinsicHandler = (args, scope) => {
  if (!Array.isArray(args) || args.length < 3 || args.length > 4) throw templateError(PROBLEM, scope);
  const [mapName, topKey, secondKey] = args.slice(0, 3).map((arg) => resolveString(arg, scope, PROBLEM));
  const value = scope.mapping(mapName, topKey, secondKey);
  if (value !== undefined) return scope.resolve(value);
  const options = args[3];
  if (isJsonObject(options) && 'DefaultValue' in options) return scope.resolve(options.DefaultValue);
  throw templateError(`Unable to get mapping for ${mapName}::${topKey}::${secondKey}`, scope);
};
