import { readCloudAssembly } from './assembly';
import { checkTemplateShape } from './parse';
import { selectStacks } from './stack-selection';
import { StackSource, templateObjectSource } from './stack-source';
import { readTemplateFile } from './template-file';
import type { CfnTemplate } from './types';

/** What the simulator can start from. */
export type TemplateInput =
  /** A cloud assembly directory (`cdk.out`); `stacks` selects by name, id or path (globs allowed). */
  | { readonly assemblyDir: string; readonly stacks?: readonly string[] }
  /** A single template file, JSON or YAML. */
  | { readonly templateFile: string; readonly stackName?: string; readonly account?: string; readonly region?: string }
  /** A template object in memory (e.g. `Template.fromStack(stack).toJSON()`). */
  | {
    readonly template: unknown;
    readonly stackName?: string;
    readonly account?: string;
    readonly region?: string;
    /** Templates of nested stacks by the logical id of their `AWS::CloudFormation::Stack` resource. */
    readonly nestedTemplates?: Record<string, unknown>;
  };

/** The stacks an input describes, ready to evaluate. */
export function loadStackSources(input: TemplateInput): StackSource[] {
  if ('assemblyDir' in input) return selectStacks(readCloudAssembly(input.assemblyDir), input.stacks ?? []);
  if ('templateFile' in input) return [readTemplateFile(input.templateFile, input)];
  const stackName = input.stackName ?? 'Stack';
  const nested: Record<string, CfnTemplate> = {};
  for (const [logicalId, template] of Object.entries(input.nestedTemplates ?? {})) nested[logicalId] = checkTemplateShape(template, logicalId);
  return [templateObjectSource(checkTemplateShape(input.template, stackName), { stackName, account: input.account, region: input.region, nested })];
}
