/**
 * Tags as the service takes them: at most 50 per resource (not counting `aws:` tags), keys of 1–128
 * characters, values up to 256, the `aws:` prefix reserved, a new value replacing the old one.
 */
import { LIMITS } from '../../../catalog/internal';
import { ApiError, API_ERRORS } from '../http/errors';
import type { RequestParams } from '../http/params';
import type { Tag } from '../store/records';

export function tagsOf(params: RequestParams, name = 'Tags'): Tag[] {
  const entries = params.structList(name) ?? [];
  return entries.map((entry) => {
    const key = entry.requiredString('Key');
    const value = entry.string('Value') ?? '';
    if (key.length > LIMITS.tagKeyLength.max) throw API_ERRORS.invalidValue(`Tag key '${key.slice(0, 20)}…' is longer than ${LIMITS.tagKeyLength.max} characters.`);
    if (value.length > LIMITS.tagValueLength.max) throw API_ERRORS.invalidValue(`The value of tag '${key}' is longer than ${LIMITS.tagValueLength.max} characters.`);
    if (key.toLowerCase().startsWith('aws:')) throw API_ERRORS.invalidValue(`Tag keys starting with 'aws:' are reserved for AWS use: ${key}.`);
    return { key, value };
  });
}

/** Existing tags with `added` applied (same key: new value). */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const merged = new Map(existing.map((t) => [t.key, t.value]));
  for (const t of added) merged.set(t.key, t.value);
  const tags = [...merged].map(([key, value]) => ({ key, value }));
  if (tags.length > LIMITS.tagsPerResource.max) {
    throw new ApiError('TagQuotaPerResourceExceeded', `The request cannot be processed because it would cause the resource to have more than the allowed number of tags. The maximum number of tags permitted on a resource is ${LIMITS.tagsPerResource.max}.`);
  }
  return tags;
}
