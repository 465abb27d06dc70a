import { ErrorLocation, validationError } from '../errors';
import { NESTED_STACK_HANDLER } from './nested-stacks';
import { ParameterOverride, resolveParameters } from './parameters';
import { LOWER_ALNUM, SeededRandom } from './random';
import type { Environment } from '../naming/arns';
import { HostnameFormatter } from '../naming/hostnames';
import { isRegionName, partitionOf, urlSuffixOf } from '../naming/regions';
import { AWS_TYPES } from './resource-types/aws-types';
import { UNKNOWN_TYPE } from './resource-types/common';
import type { ResourceTypeHandler, ResourceView } from './resource-types/handler';
import { SECRET_ATTACHMENT_HANDLER, SECRET_HANDLER, SecretState } from './resource-types/secrets-manager';
import { AssemblyServices, ResourceEvaluation, StackEvaluation } from './stack-evaluation';
import type { StackSource } from './stack-source';
import type { JsonValue } from './types';

/** Account and region the simulator assumes when a stack does not name them. */
export const DEFAULT_ACCOUNT = '123456789012';
export const DEFAULT_REGION = 'us-east-1';

export interface EvaluationOptions {
  /** Seed of every generated name, hash and password (random per simulator when absent). */
  readonly seed?: string;
  /** Account for stacks that do not pin one. @default 123456789012 */
  readonly account?: string;
  /** Region for stacks that do not pin one. @default us-east-1 */
  readonly region?: string;
  /** Parameter overrides applied to every top-level stack that declares the parameter. */
  readonly parameters?: Record<string, ParameterOverride>;
  /** Parameter overrides per stack name; a parameter the stack does not declare is an error. */
  readonly stackParameters?: Record<string, Record<string, ParameterOverride>>;
  /** SSM parameter values by name (for `AWS::SSM::Parameter::Value<…>` parameters and `{{resolve:ssm:…}}`). */
  readonly ssmParameters?: Record<string, string>;
  /** Secret values by secret name, ARN or logical id; they replace generated values. */
  readonly secretValues?: Record<string, string>;
  /** Handlers for resource types beyond the built-in ones (the topology model adds ElastiCache). */
  readonly handlers?: Record<string, ResourceTypeHandler>;
}

const BUILT_IN_HANDLERS: Record<string, ResourceTypeHandler> = {
  ...AWS_TYPES,
  'AWS::SecretsManager::Secret': SECRET_HANDLER,
  'AWS::SecretsManager::SecretTargetAttachment': SECRET_ATTACHMENT_HANDLER,
  'AWS::CloudFormation::Stack': NESTED_STACK_HANDLER,
};

/**
 * Every stack being simulated, evaluated as CloudFormation would deploy them: parameters,
 * conditions, resources in dependency order (nested stacks inside their parent), outputs and
 * exports, dynamic references against the simulated secrets.
 */
export class AssemblyEvaluation implements AssemblyServices {
  public readonly random: SeededRandom;
  public readonly stacks: StackEvaluation[] = [];
  public readonly warnings: string[] = [];
  private readonly handlers: Record<string, ResourceTypeHandler>;
  private readonly exports = new Map<string, { value: JsonValue; stack: string }>();
  private readonly hostnameFormatters = new Map<string, HostnameFormatter>();
  private readonly exportsRegistered = new Set<StackEvaluation>();

  constructor(sources: readonly StackSource[], private readonly options: EvaluationOptions = {}) {
    this.random = new SeededRandom(options.seed ?? SeededRandom.newSeed());
    this.handlers = { ...BUILT_IN_HANDLERS, ...(options.handlers ?? {}) };
    const names = new Set<string>();
    for (const source of sources) {
      if (Object.keys(source.template.Resources).length === 0) {
        this.warn(`${source.displayName} has no resources; CloudFormation would not deploy it, so it is skipped`);
        continue;
      }
      if (names.has(source.stackName)) throw validationError(`Two stacks are named ${source.stackName}; stack names must be unique`);
      names.add(source.stackName);
      this.stacks.push(this.stackFor(source));
    }
  }

  /** Creates every resource of every stack (dependencies first) and resolves the outputs. */
  public run(): this {
    for (const stack of this.stacks) stack.createAll();
    for (const stack of this.allStacks()) this.registerExports(stack);
    return this;
  }

  /** Top-level and nested stacks, parents before children. */
  public allStacks(): StackEvaluation[] {
    const all: StackEvaluation[] = [];
    const visit = (stack: StackEvaluation) => {
      all.push(stack);
      stack.nested.forEach(visit);
    };
    this.stacks.forEach(visit);
    return all;
  }

  /** Created resources of every stack, in creation order. */
  public allResources(): ResourceEvaluation[] {
    return this.allStacks().flatMap((stack) => stack.createdResources());
  }

  public handlerFor(type: string): { handler: ResourceTypeHandler; known: boolean } {
    const handler = this.handlers[type];
    return handler ? { handler, known: true } : { handler: UNKNOWN_TYPE, known: false };
  }

  public resourcesOfType(type: string, env: Environment | undefined): ResourceView[] {
    const matches = this.allStacks()
      .filter((stack) => env === undefined || (stack.env.account === env.account && stack.env.region === env.region))
      .flatMap((stack) => stack.createdResources())
      .filter((resource) => resource.type === type && !resource.creating);
    matches.forEach((resource) => resource.ensureCreated());
    return matches;
  }

  public hostnames(env: Environment): HostnameFormatter {
    const key = `${env.account}/${env.region}`;
    let formatter = this.hostnameFormatters.get(key);
    if (!formatter) {
      formatter = new HostnameFormatter(env.region, env.urlSuffix, this.random.string(`endpoint-hash:${key}`, LOWER_ALNUM, 6));
      this.hostnameFormatters.set(key, formatter);
    }
    return formatter;
  }

  public suppliedSecret(...keys: string[]): string | undefined {
    const supplied = this.options.secretValues ?? {};
    for (const key of keys) if (key in supplied) return supplied[key];
    return undefined;
  }

  public warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  public findExport(name: string, location: ErrorLocation): JsonValue {
    for (;;) {
      const found = this.exports.get(name);
      if (found) return found.value;
      // An exporting stack not evaluated yet: evaluate the next pending one and look again.
      const pending = this.allStacks().find((stack) => !this.exportsRegistered.has(stack) && !stack.resolvingOutputs);
      if (!pending) break;
      this.registerExports(pending);
    }
    throw validationError(`No export named ${name} found`, location);
  }

  public secretString(secretId: string, location: ErrorLocation): string {
    const stack = this.stacks.find((s) => s.path === location.stack) ?? this.allStacks().find((s) => s.path === location.stack);
    const env = stack?.env ?? this.environment({});
    for (const resource of this.resourcesOfType('AWS::SecretsManager::Secret', env)) {
      const secret = resource.state() as SecretState;
      // A name, the full ARN, or the ARN without Secrets Manager's six-character suffix.
      if (secretId === secret.name || secretId === secret.arn || secret.arn.startsWith(`${secretId}-`)) return secret.secretString;
    }
    const supplied = this.suppliedSecret(secretId);
    if (supplied !== undefined) return supplied;
    throw validationError(`Secrets Manager can't find the specified secret. (secret ${secretId})`, location);
  }

  public ssmParameter(name: string, location: ErrorLocation): string {
    const supplied = this.options.ssmParameters?.[name];
    if (supplied !== undefined) return supplied;
    const stack = this.allStacks().find((s) => s.path === location.stack);
    for (const resource of this.resourcesOfType('AWS::SSM::Parameter', stack?.env ?? this.environment({}))) {
      if (resource.physicalId() === name) return String(resource.properties().Value ?? '');
    }
    throw validationError(`Unable to fetch parameters [${name}] from parameter store for this account.`, location);
  }

  private registerExports(stack: StackEvaluation): void {
    if (this.exportsRegistered.has(stack)) return;
    this.exportsRegistered.add(stack);
    for (const [outputName, output] of stack.outputs()) {
      if (output.exportName === undefined) continue;
      const existing = this.exports.get(output.exportName);
      if (existing) {
        throw validationError(`Export with name ${output.exportName} is already exported by stack ${existing.stack}`, { stack: stack.path, logicalId: outputName });
      }
      if ('error' in output) throw output.error;
      this.exports.set(output.exportName, { value: output.value, stack: stack.name });
    }
  }

  private environment(source: { account?: string; region?: string }): Environment {
    const region = source.region ?? this.options.region ?? DEFAULT_REGION;
    if (!isRegionName(region)) throw validationError(`'${region}' is not a region name`);
    const account = source.account ?? this.options.account ?? DEFAULT_ACCOUNT;
    return { account, region, partition: partitionOf(region), urlSuffix: urlSuffixOf(region) };
  }

  private stackFor(source: StackSource): StackEvaluation {
    const perStack = this.options.stackParameters?.[source.stackName];
    const shared = Object.fromEntries(Object.entries(this.options.parameters ?? {}).filter(([name]) => name in (source.template.Parameters ?? {})));
    const parameters = resolveParameters(
      source.template,
      { overrides: { ...shared, ...(perStack ?? {}) }, strict: perStack !== undefined, ssmParameters: this.options.ssmParameters ?? {} },
      { stack: source.stackName },
    );
    return new StackEvaluation({
      name: source.stackName,
      path: source.stackName,
      displayName: source.displayName,
      template: source.template,
      env: this.environment(source),
      parameters,
      random: this.random,
      assembly: this,
      nestedTemplate: source.nestedTemplate,
    });
  }
}
