/**
 * The assertions an `IntegTest` synthesizes into its assertion stack, read back from the template:
 * `Custom::DeployAssert@SdkCall<Service><Api>` resources (an SDK call, optionally with an expected
 * result and a waiter state machine) and `Custom::DeployAssert@AssertEquals` resources (an actual
 * value, often an attribute of an SDK call, against an expected one). Their order is the one
 * CloudFormation would create them in (DependsOn and attribute references).
 */

/** Retries of `waitForAssertions`, as its state machine declares them. */
export interface WaitPolicy {
  readonly intervalSeconds: number;
  readonly maxAttempts: number;
  readonly backoffRate: number;
}

export interface SdkCallStep {
  readonly kind: 'sdk-call';
  readonly logicalId: string;
  readonly service: string;
  readonly api: string;
  /** Parameter values as synthesized (each JSON-encoded, possibly holding intrinsics). */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The encoded expected result (`{"$ObjectLike": …}`), when the call asserts. */
  readonly expected?: string;
  readonly actualPath?: string;
  readonly flattenResponse: boolean;
  readonly outputPaths?: readonly string[];
  readonly wait?: WaitPolicy;
}

export interface AssertEqualsStep {
  readonly kind: 'assert-equals';
  readonly logicalId: string;
  readonly actual: unknown;
  readonly expected: unknown;
  readonly failDeployment: boolean;
}

export type AssertionStep = SdkCallStep | AssertEqualsStep;

type Resource = { Type: string; Properties?: Record<string, unknown>; DependsOn?: string | string[] };

/** Retry settings from a waiter state machine's definition (a string or an Fn::Join of strings). */
export function waitPolicyOf(stateMachine: Resource | undefined): WaitPolicy | undefined {
  if (!stateMachine) return undefined;
  const text = JSON.stringify(stateMachine.Properties?.DefinitionString ?? '');
  const field = (name: string) => {
    const m = new RegExp(`\\\\"${name}\\\\":([0-9.]+)`).exec(text);
    return m ? Number(m[1]) : undefined;
  };
  const intervalSeconds = field('IntervalSeconds');
  const maxAttempts = field('MaxAttempts');
  if (intervalSeconds === undefined || maxAttempts === undefined) return undefined;
  return { intervalSeconds, maxAttempts, backoffRate: field('BackoffRate') ?? 1 };
}

/** Logical ids a value refers to through Ref or Fn::GetAtt. */
function references(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) {value.forEach((v) => references(v, into));} else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj.Ref === 'string') into.add(obj.Ref);
    const getAtt = obj['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') into.add(getAtt[0]);
    Object.values(obj).forEach((v) => references(v, into));
  }
  return into;
}

/** Every assertion of an assertion stack template, in creation order. */
export function assertionSteps(template: { Resources?: Record<string, Resource> }): AssertionStep[] {
  const resources = template.Resources ?? {};
  const steps = new Map<string, AssertionStep>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    const props = resource.Properties ?? {};
    if (resource.Type.startsWith('Custom::DeployAssert@SdkCall')) {
      const machineRef = (props.stateMachineArn as { Ref?: string } | undefined)?.Ref;
      steps.set(logicalId, {
        kind: 'sdk-call',
        logicalId,
        service: String(props.service),
        api: String(props.api),
        parameters: (props.parameters ?? {}) as Record<string, unknown>,
        expected: typeof props.expected === 'string' ? props.expected : undefined,
        actualPath: typeof props.actualPath === 'string' ? props.actualPath : undefined,
        flattenResponse: props.flattenResponse === 'true',
        outputPaths: Array.isArray(props.outputPaths) ? props.outputPaths.map(String) : undefined,
        wait: waitPolicyOf(machineRef ? resources[machineRef] : undefined),
      });
    } else if (resource.Type === 'Custom::DeployAssert@AssertEquals') {
      steps.set(logicalId, {
        kind: 'assert-equals',
        logicalId,
        actual: props.actual,
        expected: props.expected,
        failDeployment: props.failDeployment === true || props.failDeployment === 'true',
      });
    }
  }
  // Creation order: a step after the steps it depends on, otherwise in template order.
  const ordered: AssertionStep[] = [];
  const visiting = new Set<string>();
  const visit = (id: string) => {
    const step = steps.get(id);
    if (!step || ordered.includes(step) || visiting.has(id)) return;
    visiting.add(id);
    const deps = references(resources[id].Properties, new Set());
    const dependsOn = resources[id].DependsOn;
    for (const d of Array.isArray(dependsOn) ? dependsOn : dependsOn ? [dependsOn] : []) deps.add(d);
    deps.forEach(visit);
    ordered.push(step);
  };
  [...steps.keys()].forEach(visit);
  return ordered;
}
