import { Names } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Physical names generated from the construct path when the user gives none. ElastiCache stores
 * identifiers in lower case and wants them to start with a letter, without a trailing hyphen or
 * two hyphens in a row, so the generated name already has that shape and never drifts.
 */
export function generateIdentifier(scope: IConstruct, maxLength: number): string {
  let name = Names.uniqueResourceName(scope, { maxLength, separator: '-' }).toLowerCase();
  name = name.replace(/[^a-z0-9-]/g, '').replace(/-+/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(name)) name = `c${name}`.slice(0, maxLength);
  return name.replace(/-+$/, '');
}
