/**
 * One integ app in the simulator: synthesized into a fresh cloud assembly, each of its test cases
 * started from that assembly on a virtual clock, the assertion stack's assertions executed
 * against the local endpoints (`waitForAssertions` retries move the clock by the waiter's interval
 * instead of waiting), the data-plane checks run with real clients, and everything stopped.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AssertionStep, assertionSteps, SdkCallStep } from './assertions';
import { CheckResult, dataPlaneChecks } from './data-plane';
import { decode, deepParseJson, flatten, mismatch } from './expected';
import { importValue, readExports } from './exports';
import { NotSimulated, sdkCall, ServiceEndpoints } from './sdk-call';
import { Simulator } from '../../src';

export interface AppResult {
  readonly file: string;
  readonly checks: CheckResult[];
  readonly seconds: number;
}

/** Synthesizes an integ app (it synthesizes itself when loaded) into a new directory. */
export function synthesize(file: string): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-sim-'));
  const saved = { out: process.env.CDK_OUTDIR, ctx: process.env.CDK_CONTEXT_JSON };
  process.env.CDK_OUTDIR = outdir;
  process.env.CDK_CONTEXT_JSON = JSON.stringify({ 'aws:cdk:disable-stack-trace': true, 'aws:cdk:disable-creation-stack-traces': true });
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.resolve(file));
  } finally {
    for (const [name, value] of [['CDK_OUTDIR', saved.out], ['CDK_CONTEXT_JSON', saved.ctx]] as const) {
      if (value === undefined) delete process.env[name]; else process.env[name] = value;
    }
  }
  return outdir;
}

interface TestCase {
  readonly stacks: string[];
  readonly regions?: string[];
  readonly assertionStackName?: string;
}

/** What intrinsics in assertion properties refer to: earlier assertions' results and the test stacks' exports. */
interface StepContext {
  readonly outputs: Map<string, Record<string, unknown>>;
  readonly importValue: (name: unknown) => string;
}

/** Values of intrinsics in assertion properties: attributes of earlier assertions, imported exports. */
function resolve(value: unknown, context: StepContext): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, context));
  if (!value || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const outputs = context.outputs;
  if ('Fn::ImportValue' in obj) return context.importValue(obj['Fn::ImportValue']);
  const getAtt = obj['Fn::GetAtt'] as [string, string] | undefined;
  if (getAtt) {
    const data = outputs.get(getAtt[0]);
    if (!data) throw new Error(`cannot resolve Fn::GetAtt ${getAtt.join('.')}: ${getAtt[0]} is not an assertion that ran before`);
    if (getAtt[1] in data) return data[getAtt[1]];
    const flat = flatten(deepParseJson(data));
    if (getAtt[1] in flat) return flat[getAtt[1]];
    throw new Error(`cannot resolve Fn::GetAtt ${getAtt.join('.')}: the response has no ${getAtt[1]}`);
  }
  const join = obj['Fn::Join'] as [string, unknown[]] | undefined;
  if (join) return join[1].map((part) => String(resolve(part, context))).join(join[0]);
  const keys = Object.keys(obj);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
    throw new Error(`cannot resolve ${JSON.stringify(obj)} in an assertion (the runner resolves Fn::GetAtt of assertions, Fn::ImportValue and Fn::Join)`);
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, resolve(v, context)]));
}

function describeCall(step: SdkCallStep, parameters: Record<string, unknown>): string {
  return `${step.service}.${step.api}(${JSON.stringify(parameters)})`;
}

/** One SDK call assertion, retried as its waiter says; returns its outputs and the check. */
async function runSdkCall(
  sim: Simulator, endpoints: ServiceEndpoints, step: SdkCallStep, context: StepContext,
): Promise<CheckResult> {
  let parameters: Record<string, unknown>;
  try {
    const raw = resolve(step.parameters, context) as Record<string, unknown>;
    parameters = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, decode(v)]));
  } catch (err) {
    // An unresolvable parameter fails this call only; later steps still run.
    return { name: `${step.service}.${step.api} (${step.logicalId})`, failure: (err as Error).message };
  }
  const name = describeCall(step, parameters);
  const attempts = step.wait?.maxAttempts ?? 1;
  let failure = '';
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) {
      const wait = step.wait!;
      await sim.advanceClock(wait.intervalSeconds * 1000 * wait.backoffRate ** (attempt - 1));
    }
    let response: Record<string, unknown>;
    try {
      response = await sdkCall(endpoints, step.service, step.api, parameters);
    } catch (err) {
      if (err instanceof NotSimulated) return { name, skipped: err.message };
      failure = `${(err as Error).name}: ${(err as Error).message}`;
      continue;
    }
    const result = step.outputPaths || step.flattenResponse
      ? filterPaths(flatten(deepParseJson({ apiCallResponse: response })), step.outputPaths)
      : { apiCallResponse: response };
    context.outputs.set(step.logicalId, result);
    if (step.expected === undefined) return { name };
    const actual = step.actualPath ? (result as Record<string, unknown>)[`apiCallResponse.${step.actualPath}`] : result.apiCallResponse;
    const differs = mismatch(step.expected, actual);
    if (!differs) return { name: `${name} ${attemptsNote(attempt)}`.trim() };
    failure = `the response does not match the expected result:\n${differs}`;
  }
  const waited = step.wait ? ` after ${attempts} attempts ${step.wait.intervalSeconds} s apart (simulator time)` : '';
  return { name, failure: `${failure}${waited}` };
}

function attemptsNote(attempt: number): string {
  return attempt === 0 ? '' : `(passed on attempt ${attempt + 1})`;
}

function filterPaths(flat: Record<string, unknown>, paths: readonly string[] | undefined): Record<string, unknown> {
  if (!paths) return flat;
  return Object.fromEntries(Object.entries(flat).filter(([key]) => paths.some((p) => key.startsWith(`apiCallResponse.${p}`))));
}

async function runStep(
  sim: Simulator, endpoints: ServiceEndpoints, step: AssertionStep, context: StepContext,
): Promise<CheckResult> {
  if (step.kind === 'sdk-call') return runSdkCall(sim, endpoints, step, context);
  const name = `AssertEquals ${step.logicalId}`;
  try {
    const differs = mismatch(resolve(step.expected, context), resolve(step.actual, context));
    context.outputs.set(step.logicalId, { assertion: JSON.stringify(differs ? { status: 'fail', message: differs } : { status: 'success' }) });
    return differs ? { name, failure: differs } : { name };
  } catch (err) {
    return { name, failure: (err as Error).message };
  }
}

/** Synthesizes, starts and checks one integ app. */
export async function runApp(file: string): Promise<AppResult> {
  const started = Date.now();
  const outdir = synthesize(file);
  const checks: CheckResult[] = [];
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'integ.json'), 'utf8')) as { testCases: Record<string, TestCase> };
    for (const [caseName, testCase] of Object.entries(manifest.testCases)) {
      const sim = await Simulator.fromAssembly(outdir, { stacks: testCase.stacks, virtualClock: true, seed: caseName });
      try {
        const endpoints = { elastiCache: sim.controlPlaneEndpoint, cloudWatch: sim.cloudWatchEndpoint, secretsManager: sim.secretsManagerEndpoint, region: testCase.regions?.[0] ?? 'us-east-1' };
        const template = testCase.assertionStackName ? path.join(outdir, `${testCase.assertionStackName}.template.json`) : undefined;
        const steps = template && fs.existsSync(template) ? assertionSteps(JSON.parse(fs.readFileSync(template, 'utf8'))) : [];
        const exports = readExports(outdir, testCase.stacks);
        const context: StepContext = { outputs: new Map(), importValue: (name) => importValue(sim, exports, name) };
        for (const step of steps) checks.push(await runStep(sim, endpoints, step, context));
        checks.push(...await dataPlaneChecks(sim));
      } finally {
        await sim.stop();
      }
    }
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  return { file, checks, seconds: (Date.now() - started) / 1000 };
}
