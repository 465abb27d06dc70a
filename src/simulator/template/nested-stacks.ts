import { validationError } from '../errors';
import { resolveParameters } from './parameters';
import { generatedPhysicalName } from '../naming/identifiers';
import type { ResourceTypeHandler, ResourceView } from './resource-types/handler';
import { ResourceEvaluation, StackEvaluation } from './stack-evaluation';
import { isJsonObject } from './types';

function nestedStackOf(resource: ResourceView): StackEvaluation {
  return resource.state() as StackEvaluation;
}

/**
 * Creates the child stack of an `AWS::CloudFormation::Stack` resource: its template (from the
 * assembly's assets or a local file), its `Parameters`, all its resources and outputs.
 */
function createNestedStack(resource: ResourceView): StackEvaluation {
  const evaluation = resource as ResourceEvaluation;
  const parent = evaluation.stack;
  const props = resource.properties();
  const templateUrl = typeof props.TemplateURL === 'string' ? props.TemplateURL : undefined;
  const template = parent.nestedTemplate(resource.logicalId, evaluation.template, templateUrl);
  if (!template) {
    throw validationError(`The template of nested stack ${resource.logicalId} was not found (TemplateURL ${templateUrl ?? 'not given'}); synthesize with the CDK CLI or give a local path`, resource.location);
  }
  const overrides: Record<string, string> = {};
  for (const [name, value] of Object.entries(isJsonObject(props.Parameters) ? props.Parameters : {})) {
    overrides[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  // CloudFormation names nested stacks `<parent>-<logicalId>-<RANDOM>`.
  const name = generatedPhysicalName(parent.random, parent.name, resource.logicalId, { maxLength: 128, lowerCase: false, suffixLength: 13 });
  const path = `${parent.path}/${resource.logicalId}`;
  const child = new StackEvaluation({
    name,
    path,
    displayName: path,
    template,
    env: parent.env,
    parameters: resolveParameters(template, { overrides, strict: true, ssmParameters: {} }, { stack: path }),
    random: parent.random,
    assembly: parent.assembly,
    nestedTemplate: parent.nestedTemplate,
    parent,
  });
  parent.nested.push(child);
  child.createAll();
  return child;
}

export const NESTED_STACK_HANDLER: ResourceTypeHandler = {
  essential: true,
  create: createNestedStack,
  physicalId: (resource) => nestedStackOf(resource).stackId,
  attribute: (resource, name) => {
    if (!name.startsWith('Outputs.')) return undefined;
    const output = nestedStackOf(resource).outputs().get(name.slice('Outputs.'.length));
    if (output === undefined) return undefined;
    if ('error' in output) throw output.error;
    return output.value;
  },
};
