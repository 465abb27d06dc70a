import type { IntrinsicHandler } from './scope';
import { resolveInteger, resolveList, templateError } from './values';

const PROBLEM = 'Fn::Select requires a list argument with two elements: an integer index and a list';

/** `Fn::Select`: `[index, list]`. */
export const select: IntrinsicHandler = (args, scope) => {
  if (!Array.isArray(args) || args.length !== 2) throw templateError(PROBLEM, scope);
  const index = resolveInteger(args[0], scope, PROBLEM);
  const list = resolveList(args[1], scope, PROBLEM);
  if (index < 0 || index >= list.length) throw templateError(`Fn::Select cannot select nonexistent value at index ${index}`, scope);
  return list[index];
};
