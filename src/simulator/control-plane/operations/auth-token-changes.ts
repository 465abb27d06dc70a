/**
 * `AuthToken` with `AuthTokenUpdateStrategy` on ModifyReplicationGroup and ModifyCacheCluster, as
 * the ElastiCache AUTH documentation describes them: ROTATE adds the new token and keeps the
 * previous one (a server holds at most the two newest; on a cache without a token the new one is
 * optional until a SET), SET makes the given token the only one and is allowed only after a ROTATE
 * (or when a group leaves its user groups for an AUTH token), DELETE only when the group moves to
 * RBAC user groups. The cache is `modifying` (PendingModifiedValues `AuthTokenStatus`) until the
 * nodes have the new tokens.
 */
import { compareVersions, FORMATS } from '../../../catalog/internal';
import type { AuthModel, ReplicationGroupModel, SingleNodeClusterModel } from '../../model';
import { recordEvent, ServiceContext } from '../context';
import { reconfigureRunning } from './engine-settings';
import { runModification } from './modification-tasks';
import { API_ERRORS } from '../http/errors';
import type { RequestParams } from '../http/params';
import type { CacheRecord } from '../store/records';

type TokenCache = ReplicationGroupModel | SingleNodeClusterModel;

const STRATEGIES = ['ROTATE', 'SET', 'DELETE'] as const;
type Strategy = typeof STRATEGIES[number];

/** A token change to apply: the authentication after it and the pending status meanwhile. */
export interface AuthTokenChange {
  readonly auth: AuthModel;
  readonly status: 'ROTATING' | 'SETTING';
  readonly strategy: Strategy;
}

/** The strategy a request asks for (ROTATE when it gives a token without one), or undefined. */
export function tokenStrategy(params: RequestParams): Strategy | undefined {
  const strategy = params.string('AuthTokenUpdateStrategy');
  if (strategy === undefined) return params.has('AuthToken') ? 'ROTATE' : undefined;
  if (!(STRATEGIES as readonly string[]).includes(strategy)) {
    throw API_ERRORS.invalidValue(`Invalid AuthTokenUpdateStrategy '${strategy}': use ${STRATEGIES.join(', ')}.`);
  }
  return strategy as Strategy;
}

export function checkedToken(token: string): string {
  const format = FORMATS.authToken;
  if (token.length < format.minLength || token.length > format.maxLength || !new RegExp(format.pattern).test(token)) {
    throw API_ERRORS.invalidValue('Invalid AuthToken provided.');
  }
  return token;
}

/** Valkey 7.2+ and Redis OSS 5.0.6+ can change their AUTH token. */
function checkEngine(model: TokenCache): void {
  if (model.engine === 'redis' && compareVersions(model.engineVersion, '5.0.6') < 0) {
    throw API_ERRORS.invalidCombination(`Modifying the AUTH token is not supported for redis ${model.engineVersion}: it needs Redis OSS 5.0.6 or later.`);
  }
  if (!model.tls.enabled) throw API_ERRORS.invalidValue('The AUTH token is only supported when encryption-in-transit is enabled');
}

/**
 * The token change a request asks for, validated against the cache (nothing changes yet); undefined
 * when it asks for none, or for DELETE, whose new authentication is the user groups it adds.
 * `leavesUserGroups`: the request removes the group's user groups; `addsUserGroups`: it adds one.
 */
export function authTokenChange(
  model: TokenCache, params: RequestParams, userGroups: { readonly adds: boolean; readonly leaves: boolean },
): AuthTokenChange | undefined {
  const strategy = tokenStrategy(params);
  if (strategy === undefined) return undefined;
  const token = params.string('AuthToken');
  const auth = model.auth;
  if (strategy === 'DELETE') {
    if (token !== undefined) throw API_ERRORS.invalidCombination('AuthToken cannot be given with AuthTokenUpdateStrategy DELETE.');
    if (auth.mode !== 'auth-token') throw API_ERRORS.invalidCombination('AuthTokenUpdateStrategy DELETE needs a cache that uses an AUTH token.');
    if (!userGroups.adds) throw API_ERRORS.invalidCombination('AuthTokenUpdateStrategy DELETE is allowed only when moving to RBAC: give UserGroupIdsToAdd.');
    return undefined;
  }
  if (token === undefined) throw API_ERRORS.invalidValue(`AuthTokenUpdateStrategy ${strategy} needs an AuthToken.`);
  checkedToken(token);
  checkEngine(model);
  if (userGroups.adds) throw API_ERRORS.invalidCombination("User group can't be associated with auth token enabled.");
  if (auth.mode === 'rbac' && !(strategy === 'SET' && userGroups.leaves)) {
    throw API_ERRORS.invalidCombination('A cache that uses user groups moves to an AUTH token with AuthTokenUpdateStrategy SET and RemoveUserGroups.');
  }
  if (strategy === 'SET') {
    const afterRotate = auth.mode === 'auth-token' && (auth.previousAuthToken !== undefined || auth.tokenOptional === true);
    if (!afterRotate && auth.mode !== 'rbac') {
      throw API_ERRORS.invalidCombination('AuthTokenUpdateStrategy SET is allowed only after ROTATE: the cache must accept two AUTH tokens or an optional one.');
    }
    return { auth: { mode: 'auth-token', authToken: token }, status: 'SETTING', strategy };
  }
  // ROTATE: the new token and the newest one before it (the oldest of two is dropped).
  if (auth.mode !== 'auth-token') return { auth: { mode: 'auth-token', authToken: token, tokenOptional: true }, status: 'ROTATING', strategy };
  if (token === auth.authToken) return { auth, status: 'ROTATING', strategy };
  return { auth: { mode: 'auth-token', authToken: token, previousAuthToken: auth.authToken }, status: 'ROTATING', strategy };
}

/** Applies a token change in the background: `modifying` with the pending status, then the nodes get the tokens. */
export function scheduleAuthTokenChange(ctx: ServiceContext, record: CacheRecord, change: AuthTokenChange): void {
  const model = record.model as TokenCache;
  const id = model.kind === 'replication-group' ? model.replicationGroupId : model.cacheClusterId;
  const sourceType = model.kind === 'replication-group' ? 'replication-group' : 'cache-cluster';
  record.pending.authTokenStatus = change.status;
  runModification(ctx, record, `auth token ${id}`, () => {
    record.model = { ...record.model, auth: change.auth } as TokenCache;
    reconfigureRunning(ctx, record);
    record.authTokenLastModified = ctx.clock.now();
    recordEvent(ctx, id, sourceType, change.strategy === 'ROTATE' ? 'AUTH token rotated' : 'AUTH token set');
  }, () => { record.pending.authTokenStatus = undefined; });
}
