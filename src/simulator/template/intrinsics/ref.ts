import type { IntrinsicHandler } from './scope';
import { templateError } from './values';

/** `Ref`: parameters, pseudo parameters and resources (the scope knows which is which). */
export const ref: IntrinsicHandler = (args, scope) => {
  if (typeof args !== 'string' || args === '') throw templateError('every Ref object must have a single String value.', scope);
  return scope.ref(args);
};
