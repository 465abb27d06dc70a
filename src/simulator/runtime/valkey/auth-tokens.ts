/**
 * AUTH tokens on a Valkey / Redis OSS node. The tokens are the passwords of the engine's default
 * user, which can hold several (as a redis ACL user can), so during a ROTATE both the new and the
 * previous token authenticate. A token that is still optional (ROTATE on a cache that had none)
 * leaves new connections authenticated without AUTH while AUTH with the token still succeeds.
 * Changing the tokens does not close connections that already authenticated: the engine checks a
 * password only when a client sends AUTH or HELLO.
 */
import type { ValkeyServer } from '../../../engines/valkey';
import { aclOf } from '../../../engines/valkey/acl/acl';
import type { AuthModel } from '../../model';

type TokenAuth = Extract<AuthModel, { mode: 'auth-token' }>;

/** The ACL's own "must a new connection authenticate" check, kept while a token is optional. */
const aclAuthRequired = new WeakMap<ValkeyServer, (() => boolean) | undefined>();

/** The tokens a node accepts, newest first. */
export function acceptedTokens(auth: TokenAuth): string[] {
  return auth.previousAuthToken === undefined ? [auth.authToken] : [auth.authToken, auth.previousAuthToken];
}

/** Installs the cache's AUTH tokens as the default user's passwords (other users are removed). */
export function applyAuthTokens(server: ValkeyServer, auth: TokenAuth): void {
  // requirepass shows the newest token, as the engine reports a single password there.
  server.config.set('requirepass', auth.authToken, true);
  const acl = aclOf(server);
  acl.replaceUsers([{ userName: 'default', accessString: 'on ~* &* +@all', passwords: acceptedTokens(auth), noPassword: false }]);
  if (!aclAuthRequired.has(server)) aclAuthRequired.set(server, server.hooks.authRequired);
  server.hooks.authRequired = auth.tokenOptional ? () => false : aclAuthRequired.get(server);
}

/** Gives the ACL its own authentication check back (the cache no longer uses AUTH tokens). */
export function clearOptionalToken(server: ValkeyServer): void {
  if (!aclAuthRequired.has(server)) return;
  server.hooks.authRequired = aclAuthRequired.get(server);
  aclAuthRequired.delete(server);
}
