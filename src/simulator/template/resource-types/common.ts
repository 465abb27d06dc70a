import { generatedPhysicalName } from '../../naming/identifiers';
import { HEX, UPPER_ALNUM } from '../random';
import type { JsonValue } from '../types';
import type { ResourceTypeHandler, ResourceView } from './handler';

/** `<stack>-<logicalId>-<RANDOM>`, as CloudFormation names resources the template leaves unnamed. */
export function generatedName(resource: ResourceView, maxLength = 128, lowerCase = false): string {
  return generatedPhysicalName(resource.stack.random, resource.stack.name, resource.logicalId, { maxLength, lowerCase, suffixLength: 13 });
}

/** A property given as a string, or the generated name. */
export function nameProperty(resource: ResourceView, property: string, maxLength = 128, lowerCase = false): string {
  const value = resource.properties()[property];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : generatedName(resource, maxLength, lowerCase);
}

/** EC2-style id: `<prefix>-` and 17 hex digits. */
export function ec2Id(resource: ResourceView, prefix: string, purpose = 'id'): string {
  return `${prefix}-${resource.stack.random.string(`ec2:${purpose}:${resource.stack.path}/${resource.logicalId}`, HEX, 17)}`;
}

/** Random upper-case tail stable for a resource and purpose (role ids, ARN suffixes…). */
export function stableToken(resource: ResourceView, purpose: string, length: number, alphabet = UPPER_ALNUM): string {
  return resource.stack.random.string(`${purpose}:${resource.stack.path}/${resource.logicalId}`, alphabet, length);
}

type Attributes = Record<string, (resource: ResourceView) => JsonValue>;

/** A type that does nothing locally: `Ref` and a table of attributes. */
export function passive(ref: (resource: ResourceView) => string, attributes: Attributes = {}): ResourceTypeHandler {
  return {
    essential: false,
    physicalId: ref,
    attribute: (resource, name) => (Object.prototype.hasOwnProperty.call(attributes, name) ? attributes[name](resource) : undefined),
  };
}

/** Types the simulator does not know: a generated name for `Ref`, no attributes. */
export const UNKNOWN_TYPE: ResourceTypeHandler = passive((resource) => generatedName(resource));
