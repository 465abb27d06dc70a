import type { ParameterInfo, SourceRef } from '../../types';

/** Shorthands for the parameter rows of the family definitions. */

export type ChangeType = 'immediate' | 'requires-reboot';

/** An integer parameter; `allowedValues` in the API syntax (`1-100`, `0-`, `0,20-`). */
export function integer(
  name: string, defaultValue: string | undefined, allowedValues: string | undefined, modifiable: boolean,
  changeType: ChangeType, description: string, source: SourceRef, minEngineVersion?: string,
): ParameterInfo {
  return {
    name,
    dataType: 'integer',
    ...(defaultValue !== undefined ? { defaultValue } : {}),
    ...(allowedValues !== undefined ? { allowedValues } : {}),
    modifiable,
    changeType,
    description,
    source,
    ...(minEngineVersion !== undefined ? { minEngineVersion } : {}),
  };
}

/** A Valkey / Redis OSS yes/no parameter; the service types these as strings allowing `yes,no`. */
export function yesNo(
  name: string, defaultValue: 'yes' | 'no', modifiable: boolean, changeType: ChangeType, description: string, source: SourceRef, minEngineVersion?: string,
): ParameterInfo {
  return {
    name,
    dataType: 'string',
    defaultValue,
    allowedValues: 'yes,no',
    modifiable,
    changeType,
    description,
    source,
    ...(minEngineVersion !== undefined ? { minEngineVersion } : {}),
  };
}
