/**
 * DescribeUsers `Filters`: each filter names a property of the user (the API reference's example
 * is `UserId`) and the values to keep; a user is listed when it matches every filter (any of a
 * filter's values). Names are the User fields that are plain strings; another name is refused.
 */
import type { UserModel } from '../../model';
import { API_ERRORS } from '../http/errors';
import type { RequestParams } from '../http/params';

/** Property of a user by filter name (ids and names compare without case, as the service stores them lower-case). */
const PROPERTIES: Record<string, (user: UserModel, status: string) => string> = {
  UserId: (u) => u.userId.toLowerCase(),
  UserName: (u) => u.userName,
  Engine: (u) => u.engine,
  Status: (_u, status) => status,
};

/** The request's filters as one predicate, or undefined without `Filters`. */
export function userFilter(params: RequestParams): ((user: UserModel, status: string) => boolean) | undefined {
  const filters = params.structList('Filters');
  if (filters === undefined) return undefined;
  const checks = filters.map((filter) => {
    const name = filter.requiredString('Name');
    const read = PROPERTIES[name];
    if (!read) throw API_ERRORS.invalidValue(`Invalid filter name ${name}: DescribeUsers filters on ${Object.keys(PROPERTIES).join(', ')}.`);
    const values = filter.stringList('Values') ?? [];
    if (values.length === 0) throw API_ERRORS.invalidValue(`Filter ${name} needs at least one value.`);
    const wanted = new Set(values.map((v) => (name === 'UserId' || name === 'Engine' ? v.toLowerCase() : v)));
    return (user: UserModel, status: string) => wanted.has(read(user, status));
  });
  return (user, status) => checks.every((check) => check(user, status));
}
