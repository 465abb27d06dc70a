import type { IntrinsicHandler } from './scope';
import { resolveString } from './values';
import { availabilityZonesOf } from '../../naming/regions';

/** `Fn::GetAZs`: the zones of a region (`''` means the stack's region). */
export const getAzs: IntrinsicHandler = (args, scope) => {
  const region = resolveString(args, scope, 'Fn::GetAZs requires a string region name');
  return availabilityZonesOf(region === '' ? scope.region : region);
};
