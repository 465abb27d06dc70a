/**
 * Role-based access: CreateUser, DescribeUsers, ModifyUser, DeleteUser and CreateUserGroup,
 * DescribeUserGroups, ModifyUserGroup, DeleteUserGroup. New users and groups are validated and
 * built by the model's handlers; a change reaches the caches that use the group as the service
 * applies it — running nodes update their ACL users, and live connections of a changed or removed
 * user follow (the runtime applies users to connected clients).
 */
import type { UserGroupModel, UserModel } from '../../model';
import { recordEvent, ServiceContext } from '../context';
import { Actions } from './common';
import { reconfigureRunning } from './engine-settings';
import { paginate } from './pagination';
import { mergeTags, tagsOf } from './tag-rules';
import { cfnProperties } from './translate';
import { userFilter } from './user-filters';
import { ApiError, API_ERRORS } from '../http/errors';
import { members, xmlList, XmlObject } from '../http/xml';
import { buildThroughModel } from '../store/api-resource';
import type { UserGroupRecord, UserRecord } from '../store/records';

function groupsOfUser(ctx: ServiceContext, user: UserModel): string[] {
  const member = (ids: readonly string[]) => ids.some((id) => id.toLowerCase() === user.userId.toLowerCase());
  return ctx.store.userGroups.filter((g) => g.model.origin.region === user.origin.region && member(g.model.userIds)).map((g) => g.model.userGroupId);
}

function userXml(ctx: ServiceContext, record: UserRecord): XmlObject {
  const user = record.model;
  return {
    UserId: user.userId,
    UserName: user.userName,
    Status: record.status,
    Engine: user.engine,
    MinimumEngineVersion: user.engine === 'valkey' ? '7.2' : '6.0',
    AccessString: user.accessString,
    UserGroupIds: members(groupsOfUser(ctx, user)),
    // Created as `no-password-required` (AuthenticationMode), described as `no-password` (Authentication).
    Authentication: { Type: user.authentication.type === 'no-password-required' ? 'no-password' : user.authentication.type, PasswordCount: user.authentication.passwords.length },
    ARN: user.arn,
  };
}

/** Caches (replication groups and serverless caches) of a region that use a user group. */
function cachesUsing(ctx: ServiceContext, group: UserGroupModel) {
  return ctx.store.cachesIn(group.origin.region).filter((r) => {
    const model = r.model;
    if (model.kind === 'serverless') return model.userGroupId?.toLowerCase() === group.userGroupId.toLowerCase();
    return model.auth.mode === 'rbac' && model.auth.userGroupIds.some((id) => id.toLowerCase() === group.userGroupId.toLowerCase());
  });
}

function userGroupXml(ctx: ServiceContext, record: UserGroupRecord): XmlObject {
  const group = record.model;
  const caches = cachesUsing(ctx, group);
  return {
    UserGroupId: group.userGroupId,
    Status: record.status,
    Engine: group.engine,
    UserIds: members(group.userIds),
    MinimumEngineVersion: group.engine === 'valkey' ? '7.2' : '6.0',
    PendingChanges: record.pendingUserIdsToAdd.length + record.pendingUserIdsToRemove.length > 0
      ? { UserIdsToRemove: members(record.pendingUserIdsToRemove), UserIdsToAdd: members(record.pendingUserIdsToAdd) }
      : undefined,
    ReplicationGroups: members(caches.filter((c) => c.model.kind === 'replication-group').map((c) => ('replicationGroupId' in c.model ? c.model.replicationGroupId : ''))),
    ServerlessCaches: members(caches.filter((c) => c.model.kind === 'serverless').map((c) => ('serverlessCacheName' in c.model ? c.model.serverlessCacheName : ''))),
    ARN: group.arn,
  };
}

/** Running caches that use any of these groups pick up the current users. */
function refreshCaches(ctx: ServiceContext, groups: readonly UserGroupModel[]): void {
  const seen = new Set<unknown>();
  for (const group of groups) {
    for (const record of cachesUsing(ctx, group)) {
      if (seen.has(record)) continue;
      seen.add(record);
      reconfigureRunning(ctx, record);
    }
  }
}

function requireUser(ctx: ServiceContext, id: string, region: string): UserRecord {
  return ctx.store.user(id, region) ?? (() => { throw API_ERRORS.userNotFound(id); })();
}

function requireUserGroup(ctx: ServiceContext, id: string, region: string): UserGroupRecord {
  return ctx.store.userGroup(id, region) ?? (() => { throw API_ERRORS.userGroupNotFound(id); })();
}

function requireActive(kind: string, id: string, status: string): void {
  if (status !== 'active') throw new ApiError(kind === 'user' ? 'InvalidUserState' : 'InvalidUserGroupState', `The ${kind} ${id} is not in active state (current state: ${status}).`);
}

/** Shows `modifying` for the configured time, then `active`. */
function settleLater(ctx: ServiceContext, record: { status: string }, what: string, after?: () => void): void {
  record.status = 'modifying';
  void ctx.tasks.start(what, async () => {
    await ctx.tasks.sleep(ctx.timings.userModifyMs);
    after?.();
    record.status = 'active';
  });
}

export function userActions(ctx: ServiceContext): Actions {
  return {
    CreateUser: ({ params, region }) => {
      const userId = params.requiredString('UserId');
      params.requiredString('UserName');
      params.requiredString('Engine');
      if (ctx.store.user(userId, region)) throw new ApiError('UserAlreadyExists', `User ${userId} already exists.`);
      const tags = mergeTags([], tagsOf(params));
      const props = cfnProperties(params, { lists: ['Passwords'], structures: ['AuthenticationMode'], skip: ['Tags'] });
      const { model } = buildThroughModel<UserModel>(ctx.store, ctx.seed, { type: 'AWS::ElastiCache::User', id: userId, region, properties: props }, ctx.clock.now());
      if (ctx.store.users.some((u) => u.model.origin.region === region && u.model.userName === model.userName && u.model.engine === model.engine && model.userName !== 'default')) {
        throw new ApiError('DuplicateUserName', `A user with this username already exists: ${model.userName}.`);
      }
      const record: UserRecord = { model, source: 'api', status: 'active' };
      ctx.store.users.push(record);
      ctx.store.setTags(model.arn, tags);
      recordEvent(ctx, model.userId, 'user', `User ${model.userId} created`);
      return userXml(ctx, record);
    },

    DescribeUsers: ({ params, region }) => {
      const filter = userFilter(params);
      const id = params.string('UserId');
      const engine = params.string('Engine');
      let users = ctx.store.users.filter((u) => u.model.origin.region === region);
      if (id !== undefined) {
        users = users.filter((u) => u.model.userId.toLowerCase() === id.toLowerCase());
        if (users.length === 0) throw API_ERRORS.userNotFound(id);
      }
      if (engine !== undefined) users = users.filter((u) => u.model.engine === engine.toLowerCase());
      if (filter) users = users.filter((u) => filter(u.model, u.status));
      const { page, marker } = paginate(users, params);
      return { Users: xmlList('member', page.map((u) => userXml(ctx, u))), Marker: marker };
    },

    ModifyUser: ({ params, region }) => {
      const record = requireUser(ctx, params.requiredString('UserId'), region);
      requireActive('user', record.model.userId, record.status);
      const user = record.model;
      const props = cfnProperties(params, { lists: ['Passwords'], structures: ['AuthenticationMode'], skip: ['UserId', 'AppendAccessString', 'Engine'] });
      const append = params.string('AppendAccessString');
      const accessString = props.AccessString !== undefined ? String(props.AccessString) : append !== undefined ? `${user.accessString} ${append}` : user.accessString;
      const changesAuth = props.Passwords !== undefined || props.NoPasswordRequired !== undefined || props.AuthenticationMode !== undefined;
      const rebuilt = buildThroughModel<UserModel>(ctx.store, ctx.seed, {
        type: 'AWS::ElastiCache::User',
        id: user.userId,
        region,
        properties: {
          UserId: user.userId,
          UserName: user.userName,
          Engine: params.string('Engine') ?? user.engine,
          AccessString: accessString,
          ...(changesAuth ? {} : user.authentication.type === 'password' ? { Passwords: [...user.authentication.passwords] } : { AuthenticationMode: { Type: user.authentication.type } }),
          ...Object.fromEntries(Object.entries(props).filter(([k]) => ['Passwords', 'NoPasswordRequired', 'AuthenticationMode'].includes(k))),
        },
      }, ctx.clock.now()).model;
      record.model = { ...rebuilt, origin: user.origin, arn: user.arn };
      if (record.source === 'template') record.changed = true;
      // Running nodes get the changed user at once (connections authenticated as it follow); the status settles after.
      refreshCaches(ctx, ctx.store.userGroups.filter((g) => groupsOfUser(ctx, record.model).includes(g.model.userGroupId)).map((g) => g.model));
      settleLater(ctx, record, `modifying user ${user.userId}`);
      recordEvent(ctx, user.userId, 'user', `User ${user.userId} modified`);
      return userXml(ctx, record);
    },

    DeleteUser: ({ params, region }) => {
      const record = requireUser(ctx, params.requiredString('UserId'), region);
      if (record.model.userId === 'default') throw new ApiError('DefaultUserAssociatedToUserGroup', 'The default user cannot be deleted.');
      requireActive('user', record.model.userId, record.status);
      const groups = groupsOfUser(ctx, record.model);
      if (groups.length > 0) throw new ApiError('InvalidUserState', `User ${record.model.userId} belongs to user group(s) ${groups.join(', ')}: remove it first.`);
      record.status = 'deleting';
      void ctx.tasks.start(`deleting user ${record.model.userId}`, async () => {
        await ctx.tasks.sleep(ctx.timings.userModifyMs);
        ctx.store.users.splice(ctx.store.users.indexOf(record), 1);
        ctx.store.tags.delete(record.model.arn);
        recordEvent(ctx, record.model.userId, 'user', `User ${record.model.userId} deleted`);
      });
      return userXml(ctx, record);
    },

    CreateUserGroup: ({ params, region }) => {
      const id = params.requiredString('UserGroupId');
      params.requiredString('Engine');
      if (ctx.store.userGroup(id, region)) throw new ApiError('UserGroupAlreadyExists', `User group ${id} already exists.`);
      const tags = mergeTags([], tagsOf(params));
      const props = cfnProperties(params, { lists: ['UserIds'], skip: ['Tags'] });
      props.UserIds ??= [];
      const { model } = buildThroughModel<UserGroupModel>(ctx.store, ctx.seed, { type: 'AWS::ElastiCache::UserGroup', id, region, properties: props }, ctx.clock.now());
      const record: UserGroupRecord = { model, source: 'api', status: 'creating', pendingUserIdsToAdd: [], pendingUserIdsToRemove: [] };
      ctx.store.userGroups.push(record);
      ctx.store.setTags(model.arn, tags);
      void ctx.tasks.start(`creating user group ${id}`, async () => {
        await ctx.tasks.sleep(ctx.timings.userModifyMs);
        record.status = 'active';
        recordEvent(ctx, model.userGroupId, 'user-group', `User group ${model.userGroupId} created`);
      });
      return userGroupXml(ctx, record);
    },

    DescribeUserGroups: ({ params, region }) => {
      const id = params.string('UserGroupId');
      let groups = ctx.store.userGroups.filter((g) => g.model.origin.region === region);
      if (id !== undefined) {
        groups = groups.filter((g) => g.model.userGroupId.toLowerCase() === id.toLowerCase());
        if (groups.length === 0) throw API_ERRORS.userGroupNotFound(id);
      }
      const { page, marker } = paginate(groups, params);
      return { UserGroups: xmlList('member', page.map((g) => userGroupXml(ctx, g))), Marker: marker };
    },

    ModifyUserGroup: ({ params, region }) => {
      const record = requireUserGroup(ctx, params.requiredString('UserGroupId'), region);
      requireActive('user group', record.model.userGroupId, record.status);
      const add = params.stringList('UserIdsToAdd') ?? [];
      const remove = params.stringList('UserIdsToRemove') ?? [];
      if (add.length === 0 && remove.length === 0) throw API_ERRORS.invalidCombination('Either UserIdsToAdd or UserIdsToRemove must be given.');
      const current = record.model.userIds;
      for (const id of remove) if (!current.some((u) => u.toLowerCase() === id.toLowerCase())) throw API_ERRORS.userNotFound(id);
      const removed = (u: string) => remove.some((r) => r.toLowerCase() === u.toLowerCase());
      const userIds = [...current.filter((u) => !removed(u)), ...add.filter((a) => !current.includes(a))];
      // The model's rules (users exist, unique names, the default user of Redis OSS groups) on the new member list.
      const { model } = buildThroughModel<UserGroupModel>(ctx.store, ctx.seed, {
        type: 'AWS::ElastiCache::UserGroup',
        id: record.model.userGroupId,
        region,
        properties: { UserGroupId: record.model.userGroupId, Engine: params.string('Engine') ?? record.model.engine, UserIds: userIds },
      }, ctx.clock.now());
      record.pendingUserIdsToAdd = add;
      record.pendingUserIdsToRemove = remove;
      record.model = { ...model, origin: record.model.origin, arn: record.model.arn };
      if (record.source === 'template') record.changed = true;
      refreshCaches(ctx, [record.model]);
      recordEvent(ctx, record.model.userGroupId, 'user-group', `User group ${record.model.userGroupId} modified`);
      settleLater(ctx, record, `modifying user group ${record.model.userGroupId}`, () => {
        record.pendingUserIdsToAdd = [];
        record.pendingUserIdsToRemove = [];
      });
      return userGroupXml(ctx, record);
    },

    DeleteUserGroup: ({ params, region }) => {
      const record = requireUserGroup(ctx, params.requiredString('UserGroupId'), region);
      requireActive('user group', record.model.userGroupId, record.status);
      const caches = cachesUsing(ctx, record.model);
      if (caches.length > 0) throw new ApiError('InvalidUserGroupState', `User group ${record.model.userGroupId} is associated with ${caches.length} cache(s).`);
      record.status = 'deleting';
      void ctx.tasks.start(`deleting user group ${record.model.userGroupId}`, async () => {
        await ctx.tasks.sleep(ctx.timings.userModifyMs);
        ctx.store.userGroups.splice(ctx.store.userGroups.indexOf(record), 1);
        ctx.store.tags.delete(record.model.arn);
        recordEvent(ctx, record.model.userGroupId, 'user-group', `User group ${record.model.userGroupId} deleted`);
      });
      return userGroupXml(ctx, record);
    },
  };
}
