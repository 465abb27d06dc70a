import { isJsonObject, JsonValue } from '../types';
import type { IntrinsicHandler, Resolved, ResolveScope } from './scope';
import { scalarText, templateError } from './values';

/** Canonical text of a resolved value, so `"1"` equals `1` as CloudFormation compares them. */
function canonical(value: Resolved): string {
  const text = scalarText(value);
  if (text !== undefined) return text;
  return JSON.stringify(value, (_key, v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v));
}

/** `Fn::Equals`: `[a, b]`. */
export const equals: IntrinsicHandler = (args, scope) => {
  if (!Array.isArray(args) || args.length !== 2) throw templateError('every Fn::Equals object requires a list of 2 string parameters.', scope);
  return canonical(scope.resolve(args[0])) === canonical(scope.resolve(args[1]));
};

function conditionList(name: string, args: JsonValue, scope: ResolveScope, min: number, max: number): boolean[] {
  if (!Array.isArray(args) || args.length < min || args.length > max) {
    const count = min === max ? `${min} boolean parameter` : `at least ${min} and at most ${max} boolean parameters`;
    throw templateError(`every ${name} object requires a list of ${count}.`, scope);
  }
  return args.map((arg) => evaluateCondition(arg, scope));
}

/** `Fn::And`: 2 to 10 conditions, all true. */
export const and: IntrinsicHandler = (args, scope) => conditionList('Fn::And', args, scope, 2, 10).every(Boolean);

/** `Fn::Or`: 2 to 10 conditions, any true. */
export const or: IntrinsicHandler = (args, scope) => conditionList('Fn::Or', args, scope, 2, 10).some(Boolean);

/** `Fn::Not`: one condition, negated. */
export const not: IntrinsicHandler = (args, scope) => !conditionList('Fn::Not', args, scope, 1, 1)[0];

/**
 * A condition expression: a condition function, `{ Condition: name }`, or a literal boolean
 * (also as the strings `true`/`false` a parameter may supply).
 */
export function evaluateCondition(value: JsonValue, scope: ResolveScope): boolean {
  if (isJsonObject(value) && Object.keys(value).length === 1 && typeof value.Condition === 'string') {
    return scope.condition(value.Condition);
  }
  const result = scope.resolve(value);
  if (result === true || result === 'true') return true;
  if (result === false || result === 'false') return false;
  throw templateError('Conditions can only be boolean operations on parameters and other conditions', scope);
}
