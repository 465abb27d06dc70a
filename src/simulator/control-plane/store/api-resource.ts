/**
 * Resources created through the API are validated and built by the same model handlers as
 * template resources: the request becomes the resource's CloudFormation-shaped properties, and
 * the handler looks up parameter groups, subnet groups, users and replication groups in the store
 * instead of in a template. So a rule the service enforces is written once, in the model.
 */
import type { ResourceStore } from './resource-store';
import { ModelContext, elastiCacheHandlers } from '../../model';
import type { Environment } from '../../naming/arns';
import { environmentOf } from '../../naming/arns';
import { HostnameFormatter } from '../../naming/hostnames';
import type { AssemblyView, JsonObject, JsonValue, ResourceView, StackView } from '../../template';
import { LOWER_ALNUM, SeededRandom } from '../../template/random';

/** Stack name of resources created through the API (their origin in descriptions). */
export const API_STACK = 'api';

/** The same six-character endpoint hash the template's resources got for this account and region. */
export function hostnamesFor(seed: string, env: Environment): HostnameFormatter {
  return new HostnameFormatter(env.region, env.urlSuffix, new SeededRandom(seed).string(`endpoint-hash:${env.account}/${env.region}`, LOWER_ALNUM, 6));
}

/** A stored model as the handlers see an already created resource. */
function storedResource(type: string, id: string, state: unknown, stack: StackView): ResourceView {
  return {
    logicalId: id,
    type,
    stack,
    location: { logicalId: id },
    metadata: undefined,
    properties: () => ({}),
    physicalId: () => id,
    state: () => state,
    attribute: () => null,
  };
}

/** The models of one type in the store, in one environment. */
function modelsOfType(store: ResourceStore, type: string, env: Environment | undefined): { id: string; state: unknown }[] {
  const inEnv = (region: string) => env === undefined || region === env.region;
  switch (type) {
    case 'AWS::ElastiCache::ParameterGroup':
      return store.parameterGroups.filter((g) => inEnv(g.region)).map((g) => ({ id: g.model.name, state: g.model }));
    case 'AWS::ElastiCache::SubnetGroup':
      return store.subnetGroups.filter((g) => inEnv(g.region)).map((g) => ({ id: g.model.name, state: g.model }));
    case 'AWS::ElastiCache::User':
      return store.users.filter((u) => inEnv(u.model.origin.region)).map((u) => ({ id: u.model.userId, state: u.model }));
    case 'AWS::ElastiCache::UserGroup':
      return store.userGroups.filter((g) => inEnv(g.model.origin.region)).map((g) => ({ id: g.model.userGroupId, state: g.model }));
    case 'AWS::ElastiCache::ReplicationGroup':
      return store.caches.filter((c) => c.model.kind === 'replication-group' && inEnv(c.model.origin.region))
        .map((c) => ({ id: c.model.arn, state: c.model }));
    case 'AWS::ElastiCache::GlobalReplicationGroup':
      return store.globalDatastores.map((g) => ({ id: g.model.globalReplicationGroupId, state: g.model }));
    default:
      return [];
  }
}

export interface ApiResourceRequest {
  readonly type: string;
  /** The resource's identifier (its logical id in messages and origins). */
  readonly id: string;
  readonly region: string;
  readonly properties: JsonObject;
}

/** Builds a resource's model through its type's handler; throws the service's rejection. */
export function buildThroughModel<T>(store: ResourceStore, seed: string, request: ApiResourceRequest, now: Date): { model: T; warnings: string[] } {
  const env = environmentOf(store.account, request.region);
  const random = new SeededRandom(seed);
  const warnings: string[] = [];
  const assembly: AssemblyView = {
    resourcesOfType: (type, wantedEnv) => modelsOfType(store, type, wantedEnv).map((m) => storedResource(type, m.id, m.state, stack)),
    hostnames: (e) => hostnamesFor(seed, e),
    suppliedSecret: () => undefined,
    warn: (message) => warnings.push(message),
  };
  const stack: StackView = { name: API_STACK, path: API_STACK, env, random, assembly };
  const view: ResourceView = {
    logicalId: request.id,
    type: request.type,
    stack,
    location: { logicalId: request.id },
    metadata: undefined,
    properties: () => request.properties,
    physicalId: () => request.id,
    state: () => undefined,
    attribute: () => null as JsonValue,
  };
  const context = new ModelContext(now);
  context.caches.push(...store.caches.map((r) => r.model));
  const handler = elastiCacheHandlers(context)[request.type];
  if (!handler?.create) throw new Error(`no model handler for ${request.type}`);
  return { model: handler.create(view) as T, warnings };
}
