import type { IntrinsicHandler } from './scope';
import { scalarText, templateError } from './values';

const PROBLEM = 'every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute';

/** `Fn::GetAtt`: `[LogicalId, Attribute]` or `"LogicalId.Attribute"`; the attribute may be a `Ref`. */
export const getAtt: IntrinsicHandler = (args, scope) => {
  let logicalId: unknown;
  let attribute: unknown;
  if (typeof args === 'string') {
    const dot = args.indexOf('.');
    [logicalId, attribute] = dot < 0 ? [args, ''] : [args.slice(0, dot), args.slice(dot + 1)];
  } else if (Array.isArray(args) && args.length === 2) {
    logicalId = args[0];
    attribute = typeof args[1] === 'string' ? args[1] : scalarText(scope.resolve(args[1]));
  }
  if (typeof logicalId !== 'string' || typeof attribute !== 'string' || logicalId === '' || attribute === '') {
    throw templateError(PROBLEM, scope);
  }
  return scope.getAtt(logicalId, attribute);
};
