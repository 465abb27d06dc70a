import { AssemblyEvaluation, EvaluationOptions, loadStackSources, StackEvaluation, TemplateInput } from '../template';
import type { SecretState, StackSource } from '../template';
import { ModelContext, originOf } from './context';
import { elastiCacheHandlers } from './handlers';
import { defaultParameterGroup } from './parameter-groups';
import type { CloudWatchResourceModel, ParameterGroupModel, SecretModel, StackSummary, SubnetGroupModel, Topology } from './types';

const CLOUDWATCH_TYPES = ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm', 'AWS::CloudWatch::Dashboard'];

export interface TopologyOptions extends Omit<EvaluationOptions, 'handlers'> {
  /** `CreateTime` of the simulated resources. @default now */
  readonly now?: Date;
}

/** Reads the input (cloud assembly, template file or object) and builds its topology. */
export function loadTopology(input: TemplateInput, options: TopologyOptions = {}): Topology {
  return buildTopology(loadStackSources(input), options);
}

/**
 * Evaluates the stacks as CloudFormation would deploy them, with every ElastiCache resource
 * validated by the service's rules and turned into the model. Throws the first `TemplateError`
 * or `ServiceError` in creation order, as a deployment stops at its first failure.
 */
export function buildTopology(sources: readonly StackSource[], options: TopologyOptions = {}): Topology {
  const context = new ModelContext(options.now);
  const evaluation = new AssemblyEvaluation(sources, { ...options, handlers: elastiCacheHandlers(context) }).run();
  const resources = evaluation.allResources();
  const stateOf = <T>(type: string): T[] => resources.filter((r) => r.type === type && !r.degraded).map((r) => r.state() as T);
  const declaredGroups = stateOf<ParameterGroupModel>('AWS::ElastiCache::ParameterGroup');
  const usedDefaults = context.caches
    .map((cache) => ('parameterGroupName' in cache ? cache.parameterGroupName : undefined))
    .filter((name): name is string => name !== undefined && !declaredGroups.some((g) => g.name === name))
    .map((name) => defaultParameterGroup(name))
    .filter((group): group is ParameterGroupModel => group !== undefined);
  const secrets: SecretModel[] = resources
    .filter((r) => r.type === 'AWS::SecretsManager::Secret')
    .map((r) => {
      const state = r.state() as SecretState;
      return { origin: originOf(r), name: state.name, arn: state.arn, valueSource: state.origin, secretString: state.secretString };
    });
  return {
    seed: evaluation.random.seed,
    stacks: evaluation.allStacks().map(summarize),
    caches: context.caches,
    users: context.users,
    userGroups: context.userGroups,
    parameterGroups: [...declaredGroups, ...uniqueByName(usedDefaults)],
    subnetGroups: stateOf<SubnetGroupModel>('AWS::ElastiCache::SubnetGroup'),
    secrets,
    globalDatastores: context.globalDatastores,
    propertyReport: context.propertyReport,
    warnings: evaluation.warnings,
    cloudWatch: resources
      .filter((r) => CLOUDWATCH_TYPES.includes(r.type) && r.enabled && !r.degraded)
      .map((r): CloudWatchResourceModel => ({ origin: originOf(r), physicalId: r.physicalId(), properties: r.properties() })),
  };
}

function uniqueByName(groups: ParameterGroupModel[]): ParameterGroupModel[] {
  return groups.filter((group, index) => groups.findIndex((g) => g.name === group.name) === index);
}

function summarize(stack: StackEvaluation): StackSummary {
  const outputs: Record<string, { value?: unknown; exportName?: string; error?: string }> = {};
  for (const [name, output] of stack.outputs()) {
    outputs[name] = 'error' in output ? { error: output.error.message, exportName: output.exportName } : { value: output.value, exportName: output.exportName };
  }
  return { name: stack.name, path: stack.path, displayName: stack.displayName, account: stack.env.account, region: stack.env.region, outputs };
}
