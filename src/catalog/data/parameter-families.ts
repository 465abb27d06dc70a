import type { ParameterFamilyInfo } from '../types';

/** Every parameter group family with all of its parameters. */
export const PARAMETER_FAMILIES: readonly ParameterFamilyInfo[] = [];
