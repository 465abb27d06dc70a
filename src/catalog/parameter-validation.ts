import { describeAllowedValues, isAllowed, parseAllowedValues } from './allowed-values';
import { PARAMETER_REPLACEMENTS } from './data/parameter-families';
import { allParameterFamilies, findParameterFamily } from './lookup';
import type { ParameterFamilyInfo, ParameterInfo } from './types';
import { compareVersions } from './versions';

/**
 * Checks one parameter value against its family, as `ModifyCacheParameterGroup` (or the
 * `Properties` of `AWS::ElastiCache::ParameterGroup`) would take it.
 *
 * @param family the parameter group family, e.g. `redis7`
 * @param name the parameter name
 * @param value the value as a string (as CloudFormation and the API carry it)
 * @param engineVersion the engine version the group is for, to check parameters added mid-family
 * @returns undefined when the value is accepted, otherwise a message naming the parameter, the value
 *   and what is allowed
 */
export function validateParameter(family: string, name: string, value: string, engineVersion?: string): string | undefined {
  const fam = findParameterFamily(family);
  if (!fam) return unknownFamilyMessage(family);
  const param = fam.parameters.find((p) => p.name === name);
  if (!param) return unknownParameterMessage(fam, name);

  if (!param.modifiable && !param.creationOnly) {
    const why = param.nodeTypeSpecific ? ' (its value is set by ElastiCache per node type)' : '';
    return `Parameter '${name}' of family ${family} is not modifiable${why}; remove it from the parameter group.`;
  }
  if (param.minEngineVersion && engineVersion !== undefined && compareVersions(engineVersion, param.minEngineVersion) < 0) {
    return `Parameter '${name}' of family ${family} needs engine version ${param.minEngineVersion} or later; the engine version is ${engineVersion}.`;
  }
  return checkValue(family, param, value);
}

function checkValue(family: string, param: ParameterInfo, value: string): string | undefined {
  const subject = `Parameter '${param.name}' of family ${family} got '${value}'`;
  switch (param.dataType) {
    case 'integer':
      if (!/^-?\d+$/.test(value)) return `${subject}: expected an integer${allowedSuffix(param)}.`;
      break;
    case 'float':
      if (!/^-?(\d+\.?\d*|\.\d+)$/.test(value)) return `${subject}: expected a number${allowedSuffix(param)}.`;
      break;
    case 'boolean':
    case 'string':
      break;
  }
  if (param.allowedValues === undefined) return undefined;
  switch (param.valueFormat) {
    case 'event-flags':
      return checkEventFlags(subject, param.allowedValues, value);
    case 'rename-pairs':
      return checkRenamePairs(subject, param.allowedValues, value);
    default:
      return isAllowed(value, param.allowedValues) ? undefined : `${subject}: allowed values are ${describeAllowedValues(param.allowedValues)}.`;
  }
}

function allowedSuffix(param: ParameterInfo): string {
  return param.allowedValues === undefined ? '' : ` (${describeAllowedValues(param.allowedValues)})`;
}

function checkEventFlags(subject: string, allowed: string, value: string): string | undefined {
  const flags = new Set(allowed.split(','));
  const bad = [...value].filter((c) => !flags.has(c));
  if (bad.length === 0) return undefined;
  return `${subject}: '${[...new Set(bad)].join('')}' ${bad.length === 1 ? 'is not an event flag' : 'are not event flags'}; allowed flags are ${[...flags].join('')}.`;
}

function checkRenamePairs(subject: string, allowed: string, value: string): string | undefined {
  const words = value.trim() === '' ? [] : value.trim().split(/\s+/);
  if (words.length % 2 !== 0) return `${subject}: expected space-separated pairs 'COMMAND newname'.`;
  const commands = new Set(parseAllowedValues(allowed).map((i) => i.literal!.toUpperCase()));
  for (let i = 0; i < words.length; i += 2) {
    if (!commands.has(words[i].toUpperCase())) return `${subject}: command '${words[i]}' cannot be renamed; renameable commands are ${allowed.split(',').join(' ')}.`;
  }
  return undefined;
}

function unknownFamilyMessage(family: string): string {
  return `Unknown parameter group family '${family}'. Known families: ${allParameterFamilies().map((f) => f.family).join(', ')}.`;
}

/** Names the parameter's fate when another family of the same engine has it (renamed or removed). */
function unknownParameterMessage(fam: ParameterFamilyInfo, name: string): string {
  const base = `Parameter '${name}' does not exist in family ${fam.family}`;
  const newName = PARAMETER_REPLACEMENTS[name];
  if (newName && fam.parameters.some((p) => p.name === newName)) return `${base}; use '${newName}', which replaced it.`;
  const oldName = Object.keys(PARAMETER_REPLACEMENTS).find((k) => PARAMETER_REPLACEMENTS[k] === name);
  if (oldName && fam.parameters.some((p) => p.name === oldName)) return `${base}; this family still calls it '${oldName}'.`;
  // Valkey and Redis OSS share parameters; Memcached is apart.
  const sameKind = (f: ParameterFamilyInfo) => (f.engine === 'memcached') === (fam.engine === 'memcached');
  const holders = allParameterFamilies().filter((f) => sameKind(f) && f.parameters.some((p) => p.name === name)).map((f) => f.family);
  if (holders.length > 0) return `${base}; only families ${holders.join(', ')} have it.`;
  return `${base}. See the ${fam.family} parameter list in the ElastiCache documentation.`;
}
