import { LIMITS } from '../../catalog/internal';
import type { ResourceView } from '../template';
import type { PropertyReader } from './property-reader';
import { reject, REJECTIONS } from './service-errors';
import type { TagModel } from './types';

/**
 * A resource's `Tags` as the service takes them on create: at most 50, keys of 1–128 characters,
 * values up to 256, the `aws:` prefix reserved for AWS, each key once. The control plane lists
 * them with `ListTagsForResource`.
 */
export function readTags(resource: ResourceView, props: PropertyReader): TagModel[] {
  const entries = props.objectList('Tags') ?? [];
  const tags: TagModel[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (typeof entry.Key !== 'string') reject(resource, REJECTIONS.invalidValue('Every tag needs a Key (a string).'), 'Tags');
    const key = entry.Key;
    const value = entry.Value === undefined || entry.Value === null ? '' : String(entry.Value);
    if (key.length < LIMITS.tagKeyLength.min || key.length > LIMITS.tagKeyLength.max) {
      reject(resource, REJECTIONS.invalidValue(`Tag key '${key.slice(0, 20)}' must have ${LIMITS.tagKeyLength.min} to ${LIMITS.tagKeyLength.max} characters.`), 'Tags');
    }
    if (value.length > LIMITS.tagValueLength.max) {
      reject(resource, REJECTIONS.invalidValue(`The value of tag '${key}' is longer than ${LIMITS.tagValueLength.max} characters.`), 'Tags');
    }
    if (key.toLowerCase().startsWith('aws:')) reject(resource, REJECTIONS.invalidValue(`Tag keys starting with 'aws:' are reserved for AWS use: ${key}.`), 'Tags');
    if (seen.has(key)) reject(resource, REJECTIONS.invalidValue(`Tag key '${key}' is given more than once.`), 'Tags');
    seen.add(key);
    tags.push({ key, value });
  }
  if (tags.length > LIMITS.tagsPerResource.max) {
    // The create operations' error for too many tags, with the service's wording.
    reject(resource, {
      code: 'TagQuotaPerResourceExceeded',
      message: `The request cannot be processed because it would cause the resource to have more than the allowed number of tags. The maximum number of tags permitted on a resource is ${LIMITS.tagsPerResource.max}.`,
    }, 'Tags');
  }
  return tags;
}
