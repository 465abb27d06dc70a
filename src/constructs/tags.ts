import { CfnResource, TagManager, Tags, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { ValidationError } from './validation';
import { LIMITS } from '../catalog/internal';

/** Tag keys and values with this prefix are reserved for AWS (000:L7789, 000:L7995–7996). */
const RESERVED_PREFIX = 'aws:';

/**
 * Tags an ElastiCache resource with the construct's `tags` prop and checks, when the template is
 * made, every tag it ends up with: tags come from aspects (`Tags.of(scope).add()` on any parent), so
 * only then are they all known. Limits: at most 50 tags, keys of 1–128 and values of at most 256
 * Unicode characters, no `aws:` prefix (000:L7782–7789, 000:L7995–7997).
 */
export function tagResource(scope: IConstruct, resource: CfnResource, tags: { [key: string]: string } | undefined): void {
  for (const [key, value] of Object.entries(tags ?? {})) Tags.of(resource).add(key, value);
  scope.node.addValidation({ validate: () => tagProblems(scope, resource) });
}

function tagProblems(scope: IConstruct, resource: CfnResource): string[] {
  const values = TagManager.of(resource)?.tagValues() ?? {};
  const problems: string[] = [];
  const problem = (prop: string, value: unknown, allowed: string) => problems.push(new ValidationError(scope, prop, value, allowed).message);
  const keys = Object.keys(values);
  const max = LIMITS.tagsPerResource.max;
  if (keys.length > max) problem('tags', keys.length, `at most ${max} tags on one ElastiCache resource, counting those added with Tags.of() on a parent`);
  for (const [key, value] of Object.entries(values)) {
    if (!Token.isUnresolved(key)) {
      const length = unicodeLength(key);
      const { min: keyMin, max: keyMax } = LIMITS.tagKeyLength;
      if (length < keyMin || length > keyMax) problem('tags key', key, `${keyMin} to ${keyMax} characters (got ${length})`);
      else if (key.startsWith(RESERVED_PREFIX)) problem('tags key', key, `a key that does not start with "${RESERVED_PREFIX}" (reserved for AWS)`);
    }
    if (!Token.isUnresolved(value)) {
      const length = unicodeLength(value);
      const valueMax = LIMITS.tagValueLength.max;
      if (length > valueMax) problem(`tags["${key}"]`, value, `at most ${valueMax} characters (got ${length})`);
      else if (value.startsWith(RESERVED_PREFIX)) problem(`tags["${key}"]`, value, `a value that does not start with "${RESERVED_PREFIX}" (reserved for AWS)`);
    }
  }
  return problems;
}

/** Length in Unicode characters (code points), as the limits count them. */
function unicodeLength(text: string): number {
  return [...text].length;
}
