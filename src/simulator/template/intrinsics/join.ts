import type { IntrinsicHandler } from './scope';
import { resolveList, scalarText, templateError } from './values';

const PROBLEM = 'every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.';

/** `Fn::Join`: `[delimiter, [values…]]`. */
export const join: IntrinsicHandler = (args, scope) => {
  if (!Array.isArray(args) || args.length !== 2 || typeof args[0] !== 'string') throw templateError(PROBLEM, scope);
  const parts = resolveList(args[1], scope, PROBLEM).map((part) => {
    const text = scalarText(part);
    if (text === undefined) throw templateError(PROBLEM, scope);
    return text;
  });
  return parts.join(args[0]);
};
