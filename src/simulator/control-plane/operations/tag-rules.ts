/**
 * Tags as the service takes them: at most 50 per resource (not counting `aws:` tags), keys of 1–128
 * characters, values up to 256, the `aws:` prefix reserved, a new value replacing the old one. The
 * per-tag rules and the quota message are the model's, shared with template tags.
 */
import { LIMITS } from '../../../catalog/internal';
import { TAG_QUOTA_MESSAGE, tagProblem } from '../../model/tags';
import { ApiError, API_ERRORS } from '../http/errors';
import type { RequestParams } from '../http/params';
import type { Tag } from '../store/records';

export function tagsOf(params: RequestParams, name = 'Tags'): Tag[] {
  const entries = params.structList(name) ?? [];
  return entries.map((entry) => {
    const key = entry.requiredString('Key');
    const value = entry.string('Value') ?? '';
    const problem = tagProblem(key, value);
    if (problem !== undefined) throw API_ERRORS.invalidValue(problem);
    return { key, value };
  });
}

/** Existing tags with `added` applied (same key: new value). */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const merged = new Map(existing.map((t) => [t.key, t.value]));
  for (const t of added) merged.set(t.key, t.value);
  const tags = [...merged].map(([key, value]) => ({ key, value }));
  if (tags.length > LIMITS.tagsPerResource.max) throw new ApiError('TagQuotaPerResourceExceeded', TAG_QUOTA_MESSAGE);
  return tags;
}
