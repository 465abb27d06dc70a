import type { SourceRef } from '../types';

/**
 * `maxclients` of the node types whose value differs from the family default of 65000, as the
 * Redis OSS 2.6.13 parameter table lists them.
 */
export const MAXCLIENTS_EXCEPTIONS: Readonly<Record<string, number>> = {
  'cache.t2.medium': 20000,
  'cache.t2.small': 20000,
  'cache.t2.micro': 20000,
  'cache.t4g.micro': 20000,
  'cache.t3.medium': 46000,
  'cache.t3.small': 46000,
  'cache.t3.micro': 20000,
};

export const MAXCLIENTS_SOURCE: SourceRef = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.2-6-13';
