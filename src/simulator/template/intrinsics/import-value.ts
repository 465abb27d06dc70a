import type { IntrinsicHandler } from './scope';
import { resolveString } from './values';

/** `Fn::ImportValue`: an output another simulated stack exports. */
export const importValue: IntrinsicHandler = (args, scope) =>
  scope.importValue(resolveString(args, scope, 'Fn::ImportValue requires a string export name'));
