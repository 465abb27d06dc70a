import type { IntrinsicHandler } from './scope';
import { resolveString, templateError } from './values';

const PROBLEM = 'every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.';

/** `Fn::Split`: `[delimiter, source]`. */
export const split: IntrinsicHandler = (args, scope) => {
  if (!Array.isArray(args) || args.length !== 2 || typeof args[0] !== 'string' || args[0] === '') throw templateError(PROBLEM, scope);
  return resolveString(args[1], scope, PROBLEM).split(args[0]);
};
