import type { ParameterFamilyInfo } from '../types';
import { MEMCACHED_FAMILIES } from './parameters/memcached';
import { collectReplacements, resolveFamilies } from './parameters/model';
import { REDIS_FAMILIES } from './parameters/redis';
import { VALKEY_FAMILIES } from './parameters/valkey';

/**
 * Every parameter group family with all of its parameters, resolved from the family definitions
 * (a base family plus documented additions, changes, renames and removals).
 */
const DEFINITIONS = [...REDIS_FAMILIES, ...VALKEY_FAMILIES, ...MEMCACHED_FAMILIES];

export const PARAMETER_FAMILIES: readonly ParameterFamilyInfo[] = resolveFamilies(DEFINITIONS);

/** Old parameter name → the name that replaced it in a later family (renames and replacements). */
export const PARAMETER_REPLACEMENTS: Readonly<Record<string, string>> = collectReplacements(DEFINITIONS);
