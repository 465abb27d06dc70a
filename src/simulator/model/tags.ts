import { LIMITS } from '../../catalog/internal';
import type { ResourceView } from '../template';
import type { PropertyReader } from './property-reader';
import { reject, REJECTIONS } from './service-errors';
import type { TagModel } from './types';

/** The service's `TagQuotaPerResourceExceeded` message. */
export const TAG_QUOTA_MESSAGE = 'The request cannot be processed because it would cause the resource to have more than the allowed number of tags. '
  + `The maximum number of tags permitted on a resource is ${LIMITS.tagsPerResource.max}.`;

/** What is wrong with one tag (keys of 1–128 characters, values up to 256, `aws:` reserved), if anything. */
export function tagProblem(key: string, value: string): string | undefined {
  if (key.length < LIMITS.tagKeyLength.min || key.length > LIMITS.tagKeyLength.max) {
    return `Tag key '${key.slice(0, 20)}' must have ${LIMITS.tagKeyLength.min} to ${LIMITS.tagKeyLength.max} characters.`;
  }
  if (value.length > LIMITS.tagValueLength.max) return `The value of tag '${key}' is longer than ${LIMITS.tagValueLength.max} characters.`;
  if (key.toLowerCase().startsWith('aws:')) return `Tag keys starting with 'aws:' are reserved for AWS use: ${key}.`;
  return undefined;
}

/**
 * A resource's `Tags` as the service takes them on create: each tag checked by `tagProblem`, each
 * key once, at most 50. The control plane lists them with `ListTagsForResource`.
 */
export function readTags(resource: ResourceView, props: PropertyReader): TagModel[] {
  const entries = props.objectList('Tags') ?? [];
  const tags: TagModel[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (typeof entry.Key !== 'string') reject(resource, REJECTIONS.invalidValue('Every tag needs a Key (a string).'), 'Tags');
    const key = entry.Key;
    const value = entry.Value === undefined || entry.Value === null ? '' : String(entry.Value);
    const problem = tagProblem(key, value);
    if (problem !== undefined) reject(resource, REJECTIONS.invalidValue(problem), 'Tags');
    if (seen.has(key)) reject(resource, REJECTIONS.invalidValue(`Tag key '${key}' is given more than once.`), 'Tags');
    seen.add(key);
    tags.push({ key, value });
  }
  if (tags.length > LIMITS.tagsPerResource.max) reject(resource, { code: 'TagQuotaPerResourceExceeded', message: TAG_QUOTA_MESSAGE }, 'Tags');
  return tags;
}
