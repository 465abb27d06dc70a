import { LOWER_ALNUM, SeededRandom, UPPER_ALNUM } from '../template/random';

/**
 * ElastiCache identifier grammar (cluster ids, replication group ids, serverless cache names,
 * user group ids): letters, digits and hyphens; first character a letter; no trailing hyphen and no
 * two consecutive hyphens (API reference, CreateReplicationGroup `ReplicationGroupId`,
 * CreateCacheCluster `CacheClusterId`).
 */
export function identifierProblem(value: string, maxLength: number): string | undefined {
  if (value.length < 1 || value.length > maxLength) return `must contain from 1 to ${maxLength} alphanumeric characters or hyphens`;
  if (!/^[A-Za-z]/.test(value)) return 'must begin with a letter';
  if (!/^[A-Za-z0-9-]+$/.test(value)) return 'must contain only ASCII letters, digits, and hyphens';
  if (value.endsWith('-')) return 'cannot end with a hyphen';
  if (value.includes('--')) return 'cannot contain two consecutive hyphens';
  return undefined;
}

export interface GeneratedNameOptions {
  /** Longest name the service accepts. */
  readonly maxLength: number;
  /** ElastiCache stores ids in lower case. */
  readonly lowerCase: boolean;
  /** Length of the random tail (CloudFormation uses 12 or 13 characters). */
  readonly suffixLength?: number;
}

/**
 * The name CloudFormation gives a resource whose template sets none: `<stack>-<logicalId>-<RANDOM>`,
 * stack name and logical id shortened so the whole fits the service's limit.
 */
export function generatedPhysicalName(random: SeededRandom, stackName: string, logicalId: string, options: GeneratedNameOptions): string {
  const suffixLength = Math.min(options.suffixLength ?? 12, Math.max(4, options.maxLength - 4));
  const suffix = random.string(`physical-name:${stackName}/${logicalId}`, options.lowerCase ? LOWER_ALNUM : UPPER_ALNUM, suffixLength);
  const room = options.maxLength - suffixLength - 2;
  const clean = (s: string) => s.replace(/[^A-Za-z0-9-]/g, '').replace(/-+/g, '-').replace(/^-|-$/g, '');
  let stack = clean(stackName);
  let logical = clean(logicalId);
  if (stack.length + logical.length > room) {
    const stackRoom = Math.max(1, Math.min(stack.length, Math.ceil(room / 2)));
    stack = stack.slice(0, stackRoom).replace(/-+$/, '');
    logical = logical.slice(0, Math.max(1, room - stack.length)).replace(/-+$/, '');
  }
  const name = [stack, logical, suffix].filter((part) => part.length > 0).join('-');
  const firstLetter = /^[A-Za-z]/.test(name) ? name : `r${name.slice(1)}`;
  return options.lowerCase ? firstLetter.toLowerCase() : firstLetter;
}
