import { ErrorLocation, validationError } from '../errors';
import type { CfnTemplate, JsonValue, TemplateParameter } from './types';

/** A parameter's value, or why it has none (only an error if something uses it). */
export type ParameterValue =
  | { readonly value: string | string[]; readonly noEcho: boolean }
  | { readonly unresolved: string };

/** Value supplied for a parameter from outside the template. */
export type ParameterOverride = string | number | boolean | string[];

export interface ParameterInputs {
  /** Overrides by parameter name. */
  readonly overrides: Record<string, ParameterOverride>;
  /** Fail on overrides the template does not declare (CloudFormation does; shared overrides do not). */
  readonly strict: boolean;
  /** Values of SSM parameters by name, for `AWS::SSM::Parameter::Value<…>` parameters. */
  readonly ssmParameters: Record<string, string>;
}

const SSM_VALUE_TYPE = /^AWS::SSM::Parameter::Value<(.+)>$/;

/**
 * Values of a template's parameters: override, else `Default`; checked against the parameter's
 * type and constraints with CloudFormation's messages.
 */
export function resolveParameters(template: CfnTemplate, inputs: ParameterInputs, location: ErrorLocation): Map<string, ParameterValue> {
  const declared = template.Parameters ?? {};
  if (inputs.strict) {
    const unknown = Object.keys(inputs.overrides).filter((name) => !(name in declared));
    if (unknown.length > 0) throw validationError(`Parameters: [${unknown.join(', ')}] do not exist in the template`, location);
  }
  const values = new Map<string, ParameterValue>();
  const missing: string[] = [];
  for (const [name, declaration] of Object.entries(declared)) {
    const supplied = name in inputs.overrides ? inputs.overrides[name] : declaration.Default;
    if (supplied === undefined || supplied === null) {
      missing.push(name);
      continue;
    }
    values.set(name, parameterValue(name, declaration, supplied, inputs.ssmParameters, { ...location, logicalId: name }));
  }
  if (missing.length > 0) throw validationError(`Parameters: [${missing.join(', ')}] must have values`, location);
  return values;
}

function parameterValue(
  name: string,
  declaration: TemplateParameter,
  supplied: JsonValue | ParameterOverride,
  ssm: Record<string, string>,
  location: ErrorLocation,
): ParameterValue {
  const text = Array.isArray(supplied) ? supplied.map(String).join(',') : String(supplied);
  const noEcho = declaration.NoEcho === true || declaration.NoEcho === 'true';
  const ssmType = SSM_VALUE_TYPE.exec(declaration.Type);
  if (ssmType) {
    const stored = ssm[text];
    if (stored === undefined) return { unresolved: `Unable to fetch parameters [${text}] from parameter store for this account.` };
    return { value: isListType(ssmType[1]) ? splitList(stored) : stored, noEcho };
  }
  const value = isListType(declaration.Type) ? splitList(text) : text;
  checkConstraints(name, declaration, value, location);
  return { value, noEcho };
}

function isListType(type: string): boolean {
  return type === 'CommaDelimitedList' || type.startsWith('List<');
}

function splitList(text: string): string[] {
  return text === '' ? [] : text.split(',').map((item) => item.trim());
}

function checkConstraints(name: string, declaration: TemplateParameter, value: string | string[], location: ErrorLocation): void {
  const fail = (detail: string) => validationError(`Parameter '${name}' ${detail}`, location);
  const numeric = declaration.Type === 'Number' || declaration.Type === 'List<Number>';
  for (const item of Array.isArray(value) ? value : [value]) {
    if (numeric && (item.trim() === '' || Number.isNaN(Number(item)))) throw fail('must be a number');
    if (declaration.AllowedValues && !declaration.AllowedValues.map(String).includes(item)) throw fail('must be one of AllowedValues');
    if (declaration.AllowedPattern !== undefined && !new RegExp(`^(?:${declaration.AllowedPattern})$`).test(item)) {
      throw fail(`must match pattern ${declaration.AllowedPattern}`);
    }
    if (declaration.MinLength !== undefined && item.length < Number(declaration.MinLength)) throw fail(`must contain at least ${declaration.MinLength} characters`);
    if (declaration.MaxLength !== undefined && item.length > Number(declaration.MaxLength)) throw fail(`must contain at most ${declaration.MaxLength} characters`);
    if (numeric && declaration.MinValue !== undefined && Number(item) < Number(declaration.MinValue)) throw fail(`must be a number not less than ${declaration.MinValue}`);
    if (numeric && declaration.MaxValue !== undefined && Number(item) > Number(declaration.MaxValue)) throw fail(`must be a number not greater than ${declaration.MaxValue}`);
  }
}
