import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ServiceError, TemplateError } from '../../src/simulator/errors';
import { loadTopology, Topology, TopologyOptions } from '../../src/simulator/model';

/** A fixed seed keeps generated names, hashes and passwords stable across runs. */
export const SEED = 'test-seed';

/** Synthesizes one stack built by `build` and returns its template as JSON. */
export function synth(build: (stack: Stack) => void, env = { account: '111122223333', region: 'us-east-1' }): Record<string, unknown> {
  const app = new App();
  const stack = new Stack(app, 'TestStack', { env });
  build(stack);
  return Template.fromStack(stack).toJSON();
}

/** The topology of a template object. */
export function topologyOf(templateObject: unknown, options: TopologyOptions = {}): Topology {
  return loadTopology({ template: templateObject, stackName: 'TestStack', account: '111122223333', region: 'us-east-1' }, { seed: SEED, ...options });
}

/** The topology of a stack built with L1 constructs. */
export function topologyFromStack(build: (stack: Stack) => void, options: TopologyOptions = {}): Topology {
  return topologyOf(synth(build), options);
}

/** Runs `fn` and returns the error it throws (failing the test when it throws none). */
export function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error, none was thrown');
}

/** Expects the ElastiCache rejection `code` with `message`, naming the logical id. */
export function expectRejection(fn: () => unknown, code: string, message: string | RegExp, logicalId?: string): ServiceError {
  const err = errorOf(fn);
  expect(err).toBeInstanceOf(ServiceError);
  const rejection = err as ServiceError;
  expect(rejection.code).toBe(code);
  if (typeof message === 'string') expect(rejection.serviceMessage).toBe(message);
  else expect(rejection.serviceMessage).toMatch(message);
  if (logicalId) {
    expect(rejection.location.logicalId).toBe(logicalId);
    expect(rejection.message).toContain(logicalId);
  }
  return rejection;
}

/** Expects CloudFormation's `ValidationError` with a message matching `message`. */
export function expectTemplateError(fn: () => unknown, message: string | RegExp): TemplateError {
  const err = errorOf(fn);
  expect(err).toBeInstanceOf(TemplateError);
  const failure = err as TemplateError;
  if (typeof message === 'string') expect(failure.detail).toBe(message);
  else expect(failure.detail).toMatch(message);
  return failure;
}

/** A minimal template around the given resources. */
export function template(resources: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Resources: resources, ...extra };
}
