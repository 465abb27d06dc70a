/** JSON as it appears in a CloudFormation template. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** One entry of the `Parameters` section. */
export interface TemplateParameter {
  readonly Type: string;
  readonly Default?: JsonValue;
  readonly AllowedValues?: JsonValue[];
  readonly AllowedPattern?: string;
  readonly MinLength?: number | string;
  readonly MaxLength?: number | string;
  readonly MinValue?: number | string;
  readonly MaxValue?: number | string;
  readonly NoEcho?: boolean | string;
  readonly Description?: string;
  readonly ConstraintDescription?: string;
}

/** One entry of the `Resources` section. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: JsonObject;
  readonly DependsOn?: string | string[];
  readonly Condition?: string;
  readonly Metadata?: JsonObject;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

/** One entry of the `Outputs` section. */
export interface TemplateOutput {
  readonly Value: JsonValue;
  readonly Description?: JsonValue;
  readonly Condition?: string;
  readonly Export?: { readonly Name: JsonValue };
}

/** A CloudFormation template after parsing (short-form YAML tags already in long form). */
export interface CfnTemplate {
  readonly AWSTemplateFormatVersion?: string;
  readonly Description?: string;
  readonly Transform?: JsonValue;
  readonly Parameters?: Record<string, TemplateParameter>;
  readonly Mappings?: Record<string, Record<string, Record<string, JsonValue>>>;
  readonly Conditions?: Record<string, JsonValue>;
  readonly Resources: Record<string, TemplateResource>;
  readonly Outputs?: Record<string, TemplateOutput>;
  readonly Rules?: JsonValue;
  readonly Metadata?: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
