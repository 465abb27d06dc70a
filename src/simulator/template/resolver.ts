import { INTRINSICS, NO_VALUE, Resolved, ResolveScope } from './intrinsics';
import { isJsonObject, JsonObject, JsonValue } from './types';

/**
 * Resolves every intrinsic function in `value`. Objects with exactly one key that names an
 * intrinsic are function calls; `AWS::NoValue` removes the property or list element it stands in.
 */
export function resolveValue(value: JsonValue, scope: ResolveScope): Resolved {
  if (Array.isArray(value)) {
    return value.map((item) => resolveValue(item, scope)).filter((item): item is JsonValue => item !== NO_VALUE);
  }
  if (isJsonObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && Object.prototype.hasOwnProperty.call(INTRINSICS, keys[0])) {
      return INTRINSICS[keys[0]](value[keys[0]], scope);
    }
    const out: JsonObject = {};
    for (const key of keys) {
      const resolved = resolveValue(value[key], scope);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }
  return value;
}

/** Logical ids a value refers to through `Ref`, `Fn::GetAtt` and `Fn::Sub` (for ordering). */
export function referencedNames(value: JsonValue, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((item) => referencedNames(item, into));
  } else if (isJsonObject(value)) {
    for (const [key, arg] of Object.entries(value)) {
      if (key === 'Ref' && typeof arg === 'string') into.add(arg);
      else if (key === 'Fn::GetAtt') addGetAtt(arg, into);
      else if (key === 'Fn::Sub') addSub(arg, into);
      referencedNames(arg, into);
    }
  }
  return into;
}

function addGetAtt(arg: JsonValue, into: Set<string>): void {
  if (typeof arg === 'string') into.add(arg.split('.')[0]);
  else if (Array.isArray(arg) && typeof arg[0] === 'string') into.add(arg[0]);
}

function addSub(arg: JsonValue, into: Set<string>): void {
  const text = Array.isArray(arg) ? arg[0] : arg;
  const variables = Array.isArray(arg) && isJsonObject(arg[1]) ? arg[1] : {};
  if (typeof text !== 'string') return;
  for (const match of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
    const name = match[1].trim();
    if (!(name in variables)) into.add(name.split('.')[0]);
  }
}
