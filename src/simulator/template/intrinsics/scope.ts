import type { ErrorLocation } from '../../errors';
import type { JsonValue } from '../types';

/** `Ref: AWS::NoValue`: the property or list element disappears. */
export const NO_VALUE = Symbol('AWS::NoValue');

/** A value after intrinsic functions ran. */
export type Resolved = JsonValue | typeof NO_VALUE;

/** What an intrinsic function may ask of the stack it is evaluated in. */
export interface ResolveScope {
  readonly location: ErrorLocation;
  /** The region the stack is deployed to. */
  readonly region: string;
  /** Resolves a nested value (arguments of the function). */
  resolve(value: JsonValue): Resolved;
  /** `Ref` to a parameter, pseudo parameter or resource. */
  ref(name: string): Resolved;
  /** `Fn::GetAtt` on a resource of this stack. */
  getAtt(logicalId: string, attribute: string): Resolved;
  /** Value of a named condition of this stack. */
  condition(name: string): boolean;
  /** An entry of the `Mappings` section, `undefined` when absent. */
  mapping(mapName: string, topKey: string, secondKey: string): JsonValue | undefined;
  /** `Fn::ImportValue` across the stacks being simulated. */
  importValue(exportName: string): JsonValue;
}

/** An intrinsic function: it receives its unresolved argument and resolves what it needs. */
export type IntrinsicHandler = (args: JsonValue, scope: ResolveScope) => Resolved;
