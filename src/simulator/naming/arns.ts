import { partitionOf, urlSuffixOf } from './regions';

/** The account and region a stack is deployed to, with the names derived from them. */
export interface Environment {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly urlSuffix: string;
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`; global resources pass `region: ''`. */
export function arn(env: Environment, service: string, resource: string, region: string = env.region, account: string = env.account): string {
  return `arn:${env.partition}:${service}:${region}:${account}:${resource}`;
}

/** ElastiCache ARNs: `arn:aws:elasticache:<region>:<account>:<kind>:<id>`. */
export function elastiCacheArn(env: Environment, kind: string, id: string): string {
  return arn(env, 'elasticache', `${kind}:${id}`);
}

/** The environment of an account in a region. */
export function environmentOf(account: string, region: string): Environment {
  return { account, region, partition: partitionOf(region), urlSuffix: urlSuffixOf(region) };
}
