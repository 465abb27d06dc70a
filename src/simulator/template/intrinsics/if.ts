import type { IntrinsicHandler } from './scope';
import { templateError } from './values';

/** `Fn::If`: `[condition, valueIfTrue, valueIfFalse]`; only the chosen branch is resolved. */
export const fnIf: IntrinsicHandler = (args, scope) => {
  if (!Array.isArray(args) || args.length !== 3 || typeof args[0] !== 'string') {
    throw templateError('Fn::If requires a list argument with three elements', scope);
  }
  return scope.resolve(scope.condition(args[0]) ? args[1] : args[2]);
};
