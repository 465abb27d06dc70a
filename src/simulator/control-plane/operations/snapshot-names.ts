/** Names of new snapshots: the identifier grammar, stored lower-case, unique in the region. */
import { FORMATS } from '../../../catalog/internal';
import type { ServiceContext } from '../context';
import { ApiError, API_ERRORS } from '../http/errors';

function checkGrammar(name: string, parameter: string): void {
  // Automatic snapshot names (`automatic.<id>-…`) are the service's; users name snapshots with the identifier grammar.
  if (name.length < 1 || name.length > 255 || !new RegExp(FORMATS.backupName.pattern).test(name)) {
    throw API_ERRORS.invalidValue(`Invalid ${parameter} '${name}': it must begin with a letter, contain only letters, digits and hyphens, and not end with a hyphen or contain two consecutive hyphens.`);
  }
}

export function checkNewSnapshotName(ctx: ServiceContext, name: string, region: string, parameter = 'SnapshotName'): string {
  checkGrammar(name, parameter);
  if (ctx.snapshots.find(name, region)) throw new ApiError('SnapshotAlreadyExistsFault', `Snapshot ${name.toLowerCase()} already exists.`);
  return name.toLowerCase();
}

export function checkNewServerlessSnapshotName(ctx: ServiceContext, name: string, region: string, parameter = 'ServerlessCacheSnapshotName'): string {
  checkGrammar(name, parameter);
  if (ctx.snapshots.findServerless(name, region)) {
    throw new ApiError('ServerlessCacheSnapshotAlreadyExistsFault', `Serverless cache snapshot ${name.toLowerCase()} already exists.`);
  }
  return name.toLowerCase();
}
