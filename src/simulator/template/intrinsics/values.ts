import { validationError } from '../../errors';
import type { JsonValue } from '../types';
import { NO_VALUE, Resolved, ResolveScope } from './scope';

/** CloudFormation treats numbers and booleans as their text where a string is wanted. */
export function scalarText(value: Resolved): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function templateError(detail: string, scope: ResolveScope): Error {
  return validationError(`Template error: ${detail}`, scope.location);
}

/** Resolves `value` and requires a string (numbers and booleans become text). */
export function resolveString(value: JsonValue, scope: ResolveScope, problem: string): string {
  const text = scalarText(scope.resolve(value));
  if (text === undefined) throw templateError(problem, scope);
  return text;
}

/** Resolves `value` and requires a list; `AWS::NoValue` elements are already dropped. */
export function resolveList(value: JsonValue, scope: ResolveScope, problem: string): JsonValue[] {
  const list = scope.resolve(value);
  if (!Array.isArray(list)) throw templateError(problem, scope);
  return list;
}

/** Resolves `value` and requires a whole number (given as a number or as its text). */
export function resolveInteger(value: JsonValue, scope: ResolveScope, problem: string): number {
  const text = scalarText(scope.resolve(value));
  if (text === undefined || !/^-?\d+$/.test(text.trim())) throw templateError(problem, scope);
  return Number(text);
}

export function isNoValue(value: Resolved): value is typeof NO_VALUE {
  return value === NO_VALUE;
}
