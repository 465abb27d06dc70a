import * as YAML from 'yaml';
import { validationError } from '../errors';
import { CfnTemplate, isJsonObject } from './types';
import { CLOUDFORMATION_YAML_TAGS, keepNumberSource } from './yaml-tags';

const TOP_LEVEL_SECTIONS = new Set([
  'AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions',
  'Transform', 'Resources', 'Outputs', 'Hooks',
]);

/** Parses a template in JSON or YAML (short-form tags included) and checks its overall shape. */
export function parseTemplateText(text: string, source = 'template', options: ShapeOptions = {}): CfnTemplate {
  const body = text.replace(/^\uFEFF/, '');
  const parsed = body.trimStart().startsWith('{') ? parseJson(body, source) : parseYaml(body, source);
  return checkTemplateShape(parsed, source, options);
}

export interface ShapeOptions {
  /**
   * Accept a template without resources (a CDK app may synthesize an empty stack; it is skipped
   * with a warning instead of failing the whole assembly).
   */
  readonly allowNoResources?: boolean;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const position = /position (\d+)/.exec(String(err));
    const at = position ? lineAndColumn(text, Number(position[1])) : undefined;
    throw validationError(`Template format error: JSON not well-formed.${at ? ` (line ${at.line}, column ${at.column})` : ''}`, { stack: source });
  }
}

function parseYaml(text: string, source: string): unknown {
  const doc = YAML.parseDocument(text, { customTags: CLOUDFORMATION_YAML_TAGS as YAML.Tags, uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem) {
    const at = problem.linePos?.[0];
    throw validationError(`Template format error: YAML not well-formed.${at ? ` (line ${at.line}, column ${at.col})` : ''}`, { stack: source });
  }
  YAML.visit(doc, { Scalar: (_key, node) => keepNumberSource(node) });
  return doc.toJS({ maxAliasCount: 1000 });
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Accepts an object that already is a template (e.g. `Template.fromStack(...).toJSON()`). */
export function checkTemplateShape(value: unknown, source = 'template', options: ShapeOptions = {}): CfnTemplate {
  if (!isJsonObject(value)) throw validationError('Template format error: not a JSON or YAML object.', { stack: source });
  const unknown = Object.keys(value).filter((key) => !TOP_LEVEL_SECTIONS.has(key));
  if (unknown.length > 0) {
    throw validationError(`Template format error: Invalid template property or properties [${unknown.join(', ')}]`, { stack: source });
  }
  const resources = value.Resources ?? (options.allowNoResources ? {} : undefined);
  if (!isJsonObject(resources) || (Object.keys(resources).length === 0 && !options.allowNoResources)) {
    throw validationError('Template format error: At least one Resources member must be defined.', { stack: source });
  }
  for (const [logicalId, resource] of Object.entries(resources)) {
    // Fn::ForEach (language extensions) is reported as unsupported when the stack is evaluated.
    if (logicalId.startsWith('Fn::ForEach::')) continue;
    if (!isJsonObject(resource) || typeof resource.Type !== 'string') {
      throw validationError(`Template format error: [/Resources/${logicalId}] Every Resources object must contain a Type member.`, { stack: source });
    }
  }
  return { ...value, Resources: resources } as unknown as CfnTemplate;
}
