/**
 * Who may connect to a Valkey / Redis OSS node: nobody needs to authenticate, an AUTH token
 * (the default user's password, as requirepass), or the RBAC users of the cache's user group
 * installed as ACL users (access strings, passwords, no-password users). IAM users exist but
 * cannot authenticate: the simulator cannot verify IAM authentication tokens.
 */
import { applyAuthTokens, clearOptionalToken } from './auth-tokens';
import type { ValkeyServer } from '../../../engines/valkey';
import { aclOf } from '../../../engines/valkey/acl/acl';
import type { AuthModel, Topology, UserModel } from '../../model';

/** The users of the cache's user group, in the group's order. */
export function rbacUsers(auth: AuthModel, topology: Topology): UserModel[] {
  if (auth.mode !== 'rbac') return [];
  const users: UserModel[] = [];
  for (const groupId of auth.userGroupIds) {
    const group = topology.userGroups.find((g) => g.userGroupId.toLowerCase() === groupId.toLowerCase());
    if (!group) throw new Error(`user group ${groupId} is not in the topology`);
    for (const userId of group.userIds) {
      const user = topology.users.find((u) => u.userId.toLowerCase() === userId.toLowerCase());
      if (!user) throw new Error(`user ${userId} of user group ${groupId} is not in the topology`);
      users.push(user);
    }
  }
  return users;
}

/** Installs the cache's authentication on a node. */
export function applyAccess(server: ValkeyServer, auth: AuthModel, topology: Topology): void {
  if (auth.mode === 'auth-token') {
    applyAuthTokens(server, auth);
    return;
  }
  clearOptionalToken(server);
  if (auth.mode !== 'rbac') return;
  const users = rbacUsers(auth, topology).map((user) => ({
    userName: user.userName,
    accessString: user.accessString,
    passwords: user.authentication.passwords,
    noPassword: user.authentication.type === 'no-password-required',
  }));
  // A Valkey user group may leave out `default`: connections must then authenticate as one of the
  // group's users, so the engine's default user is switched off rather than left open.
  if (!users.some((u) => u.userName === 'default')) users.push({ userName: 'default', accessString: 'off -@all', passwords: [], noPassword: false });
  aclOf(server).replaceUsers(users);
}
