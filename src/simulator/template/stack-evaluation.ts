import { ErrorLocation, ServiceError, TemplateError, validationError } from '../errors';
import { creationOrder, dependencyGraph } from './dependencies';
import { resolveDynamicReferences, DynamicReferenceSource } from './dynamic-references';
import { evaluateCondition, NO_VALUE, Resolved, ResolveScope } from './intrinsics';
import { ParameterValue } from './parameters';
import { pseudoParameter } from './pseudo-parameters';
import type { SeededRandom } from './random';
import { resolveValue } from './resolver';
import { isCustomResourceType } from './resource-types/aws-types';
import type { AssemblyView, ResourceTypeHandler, ResourceView, StackView } from './resource-types/handler';
import type { CfnTemplate, JsonObject, JsonValue, TemplateResource } from './types';
import { isJsonObject } from './types';
import { arn, Environment } from '../naming/arns';

/** What a stack needs from the assembly it belongs to. */
export interface AssemblyServices extends AssemblyView, DynamicReferenceSource {
  handlerFor(type: string): { handler: ResourceTypeHandler; known: boolean };
  findExport(name: string, location: ErrorLocation): JsonValue;
}

/** An output of a stack: its value, or why it has none. */
export type OutputResult =
  | { readonly value: JsonValue; readonly exportName?: string; readonly description?: string }
  | { readonly error: Error; readonly exportName?: string };

type ResourceStatus = 'pending' | 'creating' | 'created' | 'failed';

/** One resource of a stack, created on demand and at most once. */
export class ResourceEvaluation implements ResourceView {
  public readonly location: ErrorLocation;
  public readonly metadata: JsonObject | undefined;
  private status: ResourceStatus = 'pending';
  private failure?: Error;
  private resolved?: { value: JsonObject } | { error: Error };
  private createdState: unknown;
  private readonly handler: ResourceTypeHandler;
  private readonly knownType: boolean;

  constructor(public readonly stack: StackEvaluation, public readonly logicalId: string, public readonly template: TemplateResource) {
    this.location = { stack: stack.path, logicalId };
    this.metadata = isJsonObject(template.Metadata) ? template.Metadata : undefined;
    ({ handler: this.handler, known: this.knownType } = stack.assembly.handlerFor(template.Type));
  }

  public get type(): string {
    return this.template.Type;
  }

  /** Being created right now (a lookup by name from inside its own creation must skip it). */
  public get creating(): boolean {
    return this.status === 'creating';
  }

  /** Whether the resource's `Condition` lets CloudFormation create it. */
  public get enabled(): boolean {
    return this.template.Condition === undefined || this.stack.condition(this.template.Condition, this.location);
  }

  /** Resolution or creation failed for a resource that is not essential (reported as a warning). */
  public get degraded(): Error | undefined {
    return this.failure ?? ('error' in (this.resolved ?? {}) ? (this.resolved as { error: Error }).error : undefined);
  }

  public properties(): JsonObject {
    if (!this.resolved) {
      try {
        const scope = this.stack.scope({ ...this.location, path: 'Properties' });
        const value = resolveValue(this.template.Properties ?? {}, scope);
        const withSecrets = resolveDynamicReferences(value === NO_VALUE ? {} : value, this.stack.assembly, { ...this.location, path: 'Properties' });
        this.resolved = { value: isJsonObject(withSecrets) ? withSecrets : {} };
      } catch (err) {
        this.resolved = { error: locate(err, this.location) };
      }
    }
    if ('error' in this.resolved) throw this.resolved.error;
    return this.resolved.value;
  }

  /** Creates the resource (its dependencies first); essential failures stop the simulation. */
  public ensureCreated(): void {
    if (this.status === 'created') return;
    if (this.status === 'failed') throw this.failure;
    if (this.status === 'creating') {
      throw validationError(`Circular dependency between resources: [${this.logicalId}]`, { stack: this.stack.path });
    }
    if (!this.enabled) {
      throw validationError(`Template format error: Unresolved resource dependencies [${this.logicalId}] in the Resources block of the template`, { stack: this.stack.path });
    }
    this.status = 'creating';
    try {
      for (const dependency of this.stack.dependenciesOf(this.logicalId)) {
        const resource = this.stack.resources.get(dependency);
        if (resource?.enabled) resource.ensureCreated();
      }
      this.createdState = this.handler.create ? this.handler.create(this) : this.properties();
      this.status = 'created';
    } catch (err) {
      const located = locate(err, this.location);
      if (this.handler.essential) {
        this.status = 'failed';
        this.failure = located;
        throw located;
      }
      // Nothing the simulator runs depends on this resource: keep going, say what is missing.
      this.failure = located;
      this.status = 'created';
      this.stack.assembly.warn(`${this.stack.path}/${this.logicalId} (${this.type}) is not simulated: ${located.message}`);
    }
  }

  public physicalId(): string {
    this.ensureCreated();
    return this.handler.physicalId(this);
  }

  public state(): unknown {
    this.ensureCreated();
    if (this.failure) throw this.failure;
    return this.createdState;
  }

  public attribute(name: string): JsonValue {
    this.ensureCreated();
    const value = this.handler.attribute(this, name);
    if (value !== undefined) return value;
    if (isCustomResourceType(this.type)) {
      throw validationError(`Template error: Fn::GetAtt ${this.logicalId}.${name}: custom resources do not run in the simulator, so their attributes have no value`);
    }
    if (!this.knownType) {
      throw validationError(`Template error: Fn::GetAtt ${this.logicalId}.${name}: the simulator does not model ${this.type}, so the attribute has no value`);
    }
    throw validationError(`Template error: resource ${this.logicalId} does not support attribute type ${name} in Fn::GetAtt`);
  }
}

function locate(err: unknown, location: ErrorLocation): Error {
  if (err instanceof TemplateError) return err.at(location);
  if (err instanceof ServiceError) return err;
  return err instanceof Error ? err : new Error(String(err));
}

/** Inputs of one stack evaluation. */
export interface StackEvaluationInput {
  readonly name: string;
  readonly path: string;
  readonly displayName: string;
  readonly template: CfnTemplate;
  readonly env: Environment;
  readonly parameters: Map<string, ParameterValue>;
  readonly random: SeededRandom;
  readonly assembly: AssemblyServices;
  readonly nestedTemplate: (logicalId: string, resource: TemplateResource, templateUrl: string | undefined) => CfnTemplate | undefined;
  readonly parent?: StackEvaluation;
}

/** One stack: parameters, conditions, resources in creation order, outputs. */
export class StackEvaluation implements StackView {
  public readonly name: string;
  public readonly path: string;
  public readonly displayName: string;
  public readonly env: Environment;
  public readonly random: SeededRandom;
  public readonly assembly: AssemblyServices;
  public readonly template: CfnTemplate;
  public readonly parameters: Map<string, ParameterValue>;
  public readonly resources = new Map<string, ResourceEvaluation>();
  /** Logical ids in the order CloudFormation creates them. */
  public readonly order: readonly string[];
  public readonly stackId: string;
  public readonly nested: StackEvaluation[] = [];
  public readonly parent?: StackEvaluation;
  public readonly nestedTemplate: StackEvaluationInput['nestedTemplate'];
  private readonly graph: Map<string, Set<string>>;
  private readonly conditions = new Map<string, boolean | 'evaluating'>();
  private outputResults?: Map<string, OutputResult>;
  private outputsInProgress = false;

  constructor(input: StackEvaluationInput) {
    ({ name: this.name, path: this.path, displayName: this.displayName, template: this.template, env: this.env } = input);
    ({ parameters: this.parameters, random: this.random, assembly: this.assembly, parent: this.parent } = input);
    this.nestedTemplate = input.nestedTemplate;
    checkTransforms(this.template, this.path);
    this.stackId = arn(this.env, 'cloudformation', `stack/${this.name}/${this.random.uuid(`stack-id:${this.path}`)}`);
    this.graph = dependencyGraph(this.template, this.path);
    this.order = creationOrder(this.graph, this.path);
    for (const [logicalId, resource] of Object.entries(this.template.Resources)) {
      this.resources.set(logicalId, new ResourceEvaluation(this, logicalId, resource));
    }
  }

  public dependenciesOf(logicalId: string): ReadonlySet<string> {
    return this.graph.get(logicalId) ?? new Set();
  }

  /** Resources CloudFormation creates (conditions honoured), in creation order. */
  public createdResources(): ResourceEvaluation[] {
    return this.order.map((id) => this.resources.get(id)!).filter((resource) => resource.enabled);
  }

  /** Creates every resource, then resolves the outputs. */
  public createAll(): void {
    for (const resource of this.createdResources()) resource.ensureCreated();
    this.outputs();
  }

  public condition(name: string, location: ErrorLocation): boolean {
    const known = this.conditions.get(name);
    if (known === 'evaluating') throw validationError(`Template format error: Circular dependency between conditions: [${name}]`, location);
    if (known !== undefined) return known;
    const expression = this.template.Conditions?.[name];
    if (expression === undefined) throw validationError(`Template format error: Unresolved condition dependency ${name}`, location);
    this.conditions.set(name, 'evaluating');
    const value = evaluateCondition(expression, this.scope({ stack: this.path, logicalId: name, path: 'Conditions' }, true));
    this.conditions.set(name, value);
    return value;
  }

  /** Outputs by name (resolved once; failures kept, they only matter where something imports them). */
  public outputs(): Map<string, OutputResult> {
    if (this.outputResults) return this.outputResults;
    this.outputsInProgress = true;
    const results = new Map<string, OutputResult>();
    for (const [name, output] of Object.entries(this.template.Outputs ?? {})) {
      const location = { stack: this.path, logicalId: name, path: 'Outputs' };
      if (output.Condition !== undefined && !this.condition(output.Condition, location)) continue;
      const scope = this.scope(location);
      let exportName: string | undefined;
      try {
        exportName = output.Export ? String(scope.resolve(output.Export.Name)) : undefined;
        const value = scope.resolve(output.Value);
        const description = typeof output.Description === 'string' ? output.Description : undefined;
        results.set(name, { value: value === NO_VALUE ? '' : value, exportName, description });
      } catch (err) {
        const error = locate(err, location);
        results.set(name, { error, exportName });
        this.assembly.warn(`${this.path} output ${name} has no value: ${error.message}`);
      }
    }
    this.outputResults = results;
    this.outputsInProgress = false;
    return results;
  }

  /** Outputs are being resolved right now (an import must not wait on itself). */
  public get resolvingOutputs(): boolean {
    return this.outputsInProgress;
  }

  /** The scope intrinsic functions run in; conditions may not reference resources. */
  public scope(location: ErrorLocation, inConditions = false): ResolveScope {
    const scope: ResolveScope = {
      location,
      region: this.env.region,
      resolve: (value) => resolveValue(value, scope),
      ref: (name) => this.ref(name, location, inConditions),
      getAtt: (logicalId, attribute) => {
        if (inConditions) throw validationError(`Template format error: Unresolved dependencies [${logicalId}]. Cannot reference resources in the Conditions block of the template`, location);
        return this.resourceFor(logicalId, location, 'Fn::GetAtt').attribute(attribute);
      },
      condition: (name) => this.condition(name, location),
      mapping: (map, top, second) => this.template.Mappings?.[map]?.[top]?.[second],
      importValue: (name) => this.assembly.findExport(name, location),
    };
    return scope;
  }

  private ref(name: string, location: ErrorLocation, inConditions: boolean): Resolved {
    const pseudo = pseudoParameter(name, this.env, this.name, this.stackId);
    if (pseudo !== undefined) return pseudo;
    const parameter = this.parameters.get(name);
    if (parameter !== undefined) {
      if ('unresolved' in parameter) throw validationError(parameter.unresolved, location);
      return parameter.value;
    }
    if (inConditions && this.resources.has(name)) {
      throw validationError(`Template format error: Unresolved dependencies [${name}]. Cannot reference resources in the Conditions block of the template`, location);
    }
    return this.resourceFor(name, location, 'Ref').physicalId();
  }

  private resourceFor(logicalId: string, location: ErrorLocation, fn: string): ResourceEvaluation {
    const resource = this.resources.get(logicalId);
    if (!resource) {
      if (fn === 'Fn::GetAtt') throw validationError(`Template error: instance of Fn::GetAtt references undefined resource ${logicalId}`, location);
      throw validationError(`Template format error: Unresolved resource dependencies [${logicalId}] in the Resources block of the template`, location);
    }
    if (!resource.enabled) {
      throw validationError(`Template format error: Unresolved resource dependencies [${logicalId}] in the Resources block of the template`, location);
    }
    return resource;
  }
}

/** Only `AWS::LanguageExtensions` (whose functions are built in) can be simulated. */
function checkTransforms(template: CfnTemplate, stack: string): void {
  const transforms = template.Transform === undefined ? [] : ([] as JsonValue[]).concat(template.Transform);
  const unsupported = transforms.filter((t) => t !== 'AWS::LanguageExtensions');
  if (unsupported.length > 0) {
    throw validationError(`Transform ${unsupported.map((t) => JSON.stringify(t)).join(', ')} is not supported by the simulator; deploy-time macros must be expanded before simulating`, { stack });
  }
  const forEach = Object.keys(template.Resources).find((key) => key.startsWith('Fn::ForEach::'));
  if (forEach) throw validationError(`${forEach}: Fn::ForEach is not supported by the simulator`, { stack });
}
