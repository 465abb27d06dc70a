/**
 * Errors of the ElastiCache API: the code the service returns (the SDK maps it to its exception
 * class), the message, and the HTTP status the service uses for that code.
 */
import { ServiceError, TemplateError } from '../../errors';
import { SimulationError } from '../../runtime/types';

/** HTTP statuses of the service's error codes that are not 400 (the API reference's fault list). */
const STATUS: Readonly<Record<string, number>> = {
  AuthorizationNotFound: 404,
  CacheClusterNotFound: 404,
  CacheParameterGroupNotFound: 404,
  CacheSecurityGroupNotFound: 404,
  GlobalReplicationGroupNotFoundFault: 404,
  InvalidCredentialsException: 408,
  NodeGroupNotFoundFault: 404,
  ReplicationGroupNotFoundFault: 404,
  ReservedCacheNodeAlreadyExists: 404,
  ReservedCacheNodeNotFound: 404,
  ReservedCacheNodesOfferingNotFound: 404,
  ServerlessCacheNotFoundFault: 404,
  ServerlessCacheSnapshotNotFoundFault: 404,
  ServiceUpdateNotFoundFault: 404,
  SnapshotNotFoundFault: 404,
  TagNotFound: 404,
  UserGroupNotFound: 404,
  UserNotFound: 404,
  // Common errors of AWS Query services.
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  MissingAuthenticationToken: 403,
  AccessDenied: 403,
  InternalFailure: 500,
  RequestEntityTooLarge: 413,
};

/** An error response of the API. */
export class ApiError extends Error {
  public readonly status: number;

  constructor(public readonly code: string, message: string, status?: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status ?? STATUS[code] ?? 400;
  }
}

export const API_ERRORS = {
  missingParameter: (name: string) => new ApiError('MissingParameter', `The request must contain the parameter ${name}`),
  invalidValue: (message: string) => new ApiError('InvalidParameterValue', message),
  invalidCombination: (message: string) => new ApiError('InvalidParameterCombination', message),
  cacheClusterNotFound: (id: string) => new ApiError('CacheClusterNotFound', `CacheCluster not found: ${id}`),
  replicationGroupNotFound: (id: string) => new ApiError('ReplicationGroupNotFoundFault', `ReplicationGroup not found: ${id}`),
  serverlessCacheNotFound: (name: string) => new ApiError('ServerlessCacheNotFoundFault', `Serverless cache ${name} not found.`),
  parameterGroupNotFound: (name: string) => new ApiError('CacheParameterGroupNotFound', `CacheParameterGroup not found: ${name}`),
  subnetGroupNotFound: (name: string) => new ApiError('CacheSubnetGroupNotFoundFault', `Cache subnet group ${name} not found.`),
  userNotFound: (id: string) => new ApiError('UserNotFound', `User ${id} not found.`),
  userGroupNotFound: (id: string) => new ApiError('UserGroupNotFound', `User group ${id} not found.`),
  snapshotNotFound: (name: string) => new ApiError('SnapshotNotFoundFault', `Snapshot ${name} not found.`),
  serverlessSnapshotNotFound: (name: string) => new ApiError('ServerlessCacheSnapshotNotFoundFault', `Serverless cache snapshot ${name} not found.`),
  globalDatastoreNotFound: (id: string) => new ApiError('GlobalReplicationGroupNotFoundFault', `Global replication group ${id} not found.`),
  invalidCacheClusterState: (id: string, status: string) =>
    new ApiError('InvalidCacheClusterState', `Cache cluster ${id} is not in available state (current state: ${status}).`),
  invalidReplicationGroupState: (id: string, status: string) =>
    new ApiError('InvalidReplicationGroupState', `Replication group ${id} is not in available state (current state: ${status}).`),
  invalidServerlessCacheState: (name: string, status: string) =>
    new ApiError('InvalidServerlessCacheStateFault', `Serverless cache ${name} is not in available state (current state: ${status}).`),
  invalidArn: (arn: string) => new ApiError('InvalidARN', `${arn} is not a valid ARN.`),
} as const;

/** Any failure as the API reports it: service rejections keep their code, bugs become InternalFailure. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof ServiceError) return new ApiError(err.code, err.serviceMessage);
  if (err instanceof SimulationError) return new ApiError(err.code, err.message);
  // PropertyReader's schema errors: a value of the wrong type.
  if (err instanceof TemplateError) return new ApiError('InvalidParameterValue', err.detail);
  return new ApiError('InternalFailure', `The simulator failed to process the request: ${(err as Error)?.message ?? String(err)}`);
}
