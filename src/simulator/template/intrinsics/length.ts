import type { IntrinsicHandler } from './scope';
import { resolveList } from './values';

/** `Fn::Length` (AWS::LanguageExtensions): number of elements of a list. */
export const length: IntrinsicHandler = (args, scope) =>
  resolveList(args, scope, 'Fn::Length requires a list or a function that returns a list').length;
