import type { IntrinsicHandler } from './scope';
import { templateError } from './values';

/** `Fn::ToJsonString` (AWS::LanguageExtensions): an object or list as compact JSON. */
export const toJsonString: IntrinsicHandler = (args, scope) => {
  const value = scope.resolve(args);
  if (typeof value !== 'object' || value === null) throw templateError('Fn::ToJsonString requires an object or a list', scope);
  return JSON.stringify(value);
};
