import type { ErrorLocation } from '../../errors';
import type { Environment } from '../../naming/arns';
import type { HostnameFormatter } from '../../naming/hostnames';
import type { SeededRandom } from '../random';
import type { JsonObject, JsonValue } from '../types';

/** A stack as resource handlers see it. */
export interface StackView {
  /** Stack name (`parent-Child-XYZ` for nested stacks). */
  readonly name: string;
  /** Path for messages: `Parent/ChildLogicalId` for nested stacks. */
  readonly path: string;
  readonly env: Environment;
  readonly random: SeededRandom;
  readonly assembly: AssemblyView;
}

/** Everything being simulated, as resource handlers see it. */
export interface AssemblyView {
  /**
   * Resources of a type in every stack of an environment (every stack when `env` is undefined),
   * created on demand (conditions honoured).
   */
  resourcesOfType(type: string, env: Environment | undefined): ResourceView[];
  /** Endpoint hostnames for an environment (one stable hash per account and region). */
  hostnames(env: Environment): HostnameFormatter;
  /** A secret value the user supplied, by secret name, ARN or logical id. */
  suppliedSecret(...keys: string[]): string | undefined;
  /** Records something the simulator could not do that does not stop it. */
  warn(message: string): void;
}

/** One resource being created. */
export interface ResourceView {
  readonly logicalId: string;
  readonly type: string;
  readonly stack: StackView;
  readonly location: ErrorLocation;
  readonly metadata: JsonObject | undefined;
  /** Properties with intrinsic functions and dynamic references resolved. */
  properties(): JsonObject;
  /** Value of `Ref` (creates the resource first). */
  physicalId(): string;
  /** What the type's `create` hook returned (creates the resource first). */
  state(): unknown;
  /** Value of `Fn::GetAtt` (creates the resource first). */
  attribute(name: string): JsonValue;
}

/** How one resource type is simulated: its creation, `Ref` and `Fn::GetAtt`. */
export interface ResourceTypeHandler {
  /**
   * Failures of an essential type stop the simulation (as they stop a deployment); others are
   * reported as warnings, since nothing the simulator runs depends on them.
   */
  readonly essential: boolean;
  /** Validates and builds the resource; the result is the resource's state. */
  create?(resource: ResourceView): unknown;
  /** Value of `Ref`. */
  physicalId(resource: ResourceView): string;
  /** Value of `Fn::GetAtt`; `undefined` when the type has no such attribute. */
  attribute(resource: ResourceView, name: string): JsonValue | undefined;
}
