import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { IConstruct } from 'constructs';
import { Engine } from '../catalog';
import { Endpoint } from './endpoint';
import { IamUser } from './iam-user';
import { PasswordUser } from './password-user';
import { IUser } from './user-base';
import { checkPattern, ValidationError } from './validation';

/** What a client needs to reach a cache: endpoints, TLS, the shape of the cache and its secret. */
export interface CacheConnectionInfo {
  /** The name (ID) of the cache. */
  readonly cacheName: string;

  /** The ARN of the cache (for `elasticache:Connect`). */
  readonly cacheArn: string;

  /** The engine. */
  readonly engine: Engine;

  /** The endpoint clients connect to: primary, configuration or serverless endpoint. */
  readonly endpoint: Endpoint;

  /**
   * An endpoint for reads from replicas.
   * @default none (the cache has no separate reader endpoint)
   */
  readonly readerEndpoint?: Endpoint;

  /** Whether clients must speak cluster mode (slots, `MOVED`). */
  readonly clusterMode: boolean;

  /** Whether clients must use TLS. */
  readonly transitEncryption: boolean;

  /**
   * The secret holding the AUTH token, for caches that use one.
   * @default no AUTH token
   */
  readonly authTokenSecret?: secretsmanager.ISecret;
}

/** A cache a consumer can be wired to with `CacheAccess`. */
export interface IAccessibleCache extends ec2.IConnectable, IConstruct {
  /** How clients reach the cache. */
  readonly connectionInfo: CacheConnectionInfo;
}

/** Options of `CacheAccess`. */
export interface CacheAccessOptions {
  /**
   * Prefix of the environment variable names (`<PREFIX>_HOST`, `<PREFIX>_PORT`, …): upper-case
   * letters, digits and underscores, starting with a letter or an underscore.
   * @default "CACHE"
   */
  readonly environmentPrefix?: string;

  /**
   * The RBAC user the consumer connects as. A `PasswordUser` with a generated secret gives read
   * access to its secret; an `IamUser` gives `elasticache:Connect` on the cache and the user.
   * @default no user: the cache's AUTH token (if it has one) or no authentication
   */
  readonly user?: IUser;
}

/**
 * Wires a consumer to a cache: network access to the cache's ports, IAM permissions for its secrets
 * or IAM authentication, and environment variables naming its endpoints.
 *
 * Variables (with the default prefix): `CACHE_HOST`, `CACHE_PORT`, `CACHE_READER_HOST` and
 * `CACHE_READER_PORT` (when the cache has a reader endpoint), `CACHE_ENGINE`, `CACHE_NAME`, `CACHE_TLS`
 * and `CACHE_CLUSTER_MODE` (`true` / `false`), `CACHE_USERNAME` (with a user), `CACHE_IAM_AUTH`
 * (`true` for an IAM user). Secrets: a Lambda function gets `CACHE_AUTH_TOKEN_SECRET_ARN` /
 * `CACHE_PASSWORD_SECRET_ARN` and read access (it fetches the value itself); an ECS container gets
 * the values injected as `CACHE_AUTH_TOKEN` / `CACHE_PASSWORD` secrets.
 */
export class CacheAccess {
  /**
   * Gives a Lambda function (which must run in the cache's VPC) access to a cache.
   * @returns the environment variables added to the function
   */
  public static grantToFunction(cache: IAccessibleCache, fn: lambda.Function, options: CacheAccessOptions = {}): { [name: string]: string } {
    if (!fn.isBoundToVpc) {
      throw new ValidationError(fn, 'vpc', undefined, `a VPC: ${cache.node.path} is only reachable from inside its VPC, so the function must run in it`);
    }
    const prefix = CacheAccess.prefix(fn, options);
    const plan = CacheAccess.plan(cache, fn.grantPrincipal, fn.connections, options, prefix);
    const environment = { ...plan.environment };
    for (const [suffix, { secret }] of Object.entries(plan.secrets)) {
      secret.grantRead(fn);
      environment[`${prefix}_${suffix}_SECRET_ARN`] = secret.secretArn;
    }
    for (const [name, value] of Object.entries(environment)) fn.addEnvironment(name, value);
    return environment;
  }

  /**
   * Gives an ECS service access to a cache: the service's security groups reach the cache, its task
   * role gets the IAM permissions, and the container gets the variables and secrets.
   * @returns the plain environment variables added to the container (secrets are injected apart)
   */
  public static grantToService(
    cache: IAccessibleCache, service: ecs.BaseService, container: ecs.ContainerDefinition, options: CacheAccessOptions = {},
  ): { [name: string]: string } {
    if (container.taskDefinition !== service.taskDefinition) {
      throw new ValidationError(container, 'container', container.node.path, `a container of the task definition of ${service.node.path}`);
    }
    const prefix = CacheAccess.prefix(container, options);
    const plan = CacheAccess.plan(cache, service.taskDefinition.taskRole, service.connections, options, prefix);
    for (const [name, value] of Object.entries(plan.environment)) container.addEnvironment(name, value);
    for (const [suffix, { secret, field }] of Object.entries(plan.secrets)) {
      container.addSecret(`${prefix}_${suffix}`, ecs.Secret.fromSecretsManager(secret, field));
    }
    return plan.environment;
  }

  private static prefix(scope: IConstruct, options: CacheAccessOptions): string {
    const prefix = options.environmentPrefix ?? 'CACHE';
    checkPattern(scope, 'environmentPrefix', prefix, /^[A-Z_][A-Z0-9_]*$/, 'upper-case letters, digits and underscores, starting with a letter or an underscore');
    return prefix;
  }

  /** Network and IAM grants, plus the variables and secrets for any kind of consumer. */
  private static plan(
    cache: IAccessibleCache, grantee: iam.IGrantable, consumer: ec2.IConnectable, options: CacheAccessOptions, prefix: string,
  ): { environment: Record<string, string>; secrets: Record<string, { secret: secretsmanager.ISecret; field?: string }> } {
    const info = cache.connectionInfo;
    cache.connections.allowDefaultPortFrom(consumer, `Clients of ${cache.node.path}`);
    const environment: Record<string, string> = {
      [`${prefix}_HOST`]: info.endpoint.address,
      [`${prefix}_PORT`]: portText(info.endpoint),
      [`${prefix}_ENGINE`]: info.engine,
      [`${prefix}_NAME`]: info.cacheName,
      [`${prefix}_TLS`]: String(info.transitEncryption),
      [`${prefix}_CLUSTER_MODE`]: String(info.clusterMode),
    };
    if (info.readerEndpoint) {
      environment[`${prefix}_READER_HOST`] = info.readerEndpoint.address;
      environment[`${prefix}_READER_PORT`] = portText(info.readerEndpoint);
    }
    const secrets: Record<string, { secret: secretsmanager.ISecret; field?: string }> = {};
    const user = options.user;
    if (user) {
      if (info.engine === Engine.MEMCACHED) {
        throw new ValidationError(cache, 'user', user.userId, 'no user: Memcached caches do not use RBAC users');
      }
      if (user.userName !== undefined) environment[`${prefix}_USERNAME`] = user.userName;
      if (user instanceof IamUser) {
        environment[`${prefix}_IAM_AUTH`] = 'true';
        iam.Grant.addToPrincipal({ grantee, actions: ['elasticache:Connect'], resourceArns: [info.cacheArn, user.userArn] });
      } else if (user instanceof PasswordUser && user.generatedSecret) {
        secrets.PASSWORD = { secret: user.generatedSecret, field: 'password' };
      }
    } else if (info.authTokenSecret) {
      secrets.AUTH_TOKEN = { secret: info.authTokenSecret };
    }
    return { environment, secrets };
  }

  private constructor() {}
}

/** The port as an environment value (a number token renders as its CloudFormation expression). */
function portText(endpoint: Endpoint): string {
  return Token.isUnresolved(endpoint.port) ? Token.asString(endpoint.port) : String(endpoint.port);
}
