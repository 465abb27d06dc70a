import { FORMATS, LIMITS } from '../../catalog/internal';
import { elastiCacheArn } from '../naming/arns';
import type { ResourceTypeHandler, ResourceView } from '../template';
import { ModelContext, modelHandler, originOf } from './context';
import { engineOf } from './engine-versions';
import type { PropertyReader } from './property-reader';
import { reject, REJECTIONS } from './service-errors';
import { readTags } from './tags';
import type { UserGroupModel, UserModel } from './types';

const USER = 'AWS::ElastiCache::User';
const USER_GROUP = 'AWS::ElastiCache::UserGroup';

/** Access-string rules that set passwords or reset the user: ElastiCache takes passwords separately. */
const FORBIDDEN_ACL_RULE = /^(>|<|#|!|nopass$|resetpass$|reset$)/i;

function checkFormat(resource: ResourceView, value: string, format: { pattern: string; maxLength?: number }, property: string): void {
  if (!new RegExp(format.pattern).test(value) || (format.maxLength !== undefined && value.length > format.maxLength)) {
    reject(resource, REJECTIONS.invalidValue(`Invalid ${property} '${value}': it must match ${format.pattern} and have at most ${format.maxLength} characters.`), property);
  }
}

function authentication(resource: ResourceView, props: PropertyReader): UserModel['authentication'] {
  const mode = props.object('AuthenticationMode');
  const noPassword = props.boolean('NoPasswordRequired') ?? false;
  const modeType = mode?.Type === undefined ? undefined : String(mode.Type);
  const modePasswords = Array.isArray(mode?.Passwords) ? mode!.Passwords.map(String) : [];
  const passwords = [...(props.stringList('Passwords') ?? []), ...modePasswords];
  if (modeType !== undefined && !['password', 'no-password-required', 'iam'].includes(modeType)) {
    reject(resource, REJECTIONS.invalidValue(`Invalid AuthenticationMode Type '${modeType}': use password, no-password-required or iam.`), 'AuthenticationMode');
  }
  const type = (modeType ?? (noPassword ? 'no-password-required' : 'password')) as UserModel['authentication']['type'];
  if ((noPassword || type !== 'password') && passwords.length > 0) {
    reject(resource, REJECTIONS.invalidCombination(`Passwords cannot be given to a user whose authentication is ${type === 'password' ? 'no-password-required' : type}.`), 'Passwords');
  }
  if (type === 'password') {
    const { min, max } = LIMITS.passwordsPerUser;
    if (passwords.length < min || passwords.length > max) {
      reject(resource, REJECTIONS.invalidValue(`A password user needs ${min} or ${max} passwords (NoPasswordRequired or AuthenticationMode otherwise); got ${passwords.length}.`), 'Passwords');
    }
    const length = LIMITS.authTokenLength;
    const bad = passwords.find((p) => p.length < length.min || p.length > length.max);
    if (bad !== undefined) {
      reject(resource, REJECTIONS.invalidValue(`Passwords must have ${length.min} to ${length.max} characters; one has ${bad.length}.`), 'Passwords');
    }
  }
  return { type, passwords: type === 'password' ? passwords : [] };
}

function createUser(context: ModelContext, resource: ResourceView): UserModel {
  const props = context.read(resource);
  const userId = props.string('UserId')!;
  checkFormat(resource, userId, FORMATS.userId, 'UserId');
  const engine = engineOf(resource, props.string('Engine'), ['valkey', 'redis'] as const);
  const accessString = props.string('AccessString');
  if (accessString === undefined) {
    // The API requires it even though the CloudFormation schema does not (wording inferred from CacheNodeType's).
    reject(resource, REJECTIONS.invalidValue('The parameter AccessString must be provided and must not be null.'), 'AccessString');
  }
  const forbidden = accessString.split(/\s+/).find((rule) => FORBIDDEN_ACL_RULE.test(rule));
  if (forbidden !== undefined) {
    reject(resource, REJECTIONS.invalidValue(`Access string rule '${forbidden}' is not allowed: passwords are set with Passwords or AuthenticationMode, and users cannot be reset.`), 'AccessString');
  }
  const user: UserModel = {
    origin: originOf(resource),
    userId,
    userName: props.string('UserName')!,
    engine,
    accessString,
    authentication: authentication(resource, props),
    arn: elastiCacheArn(resource.stack.env, 'user', userId),
    tags: readTags(resource, props),
  };
  if (user.authentication.type === 'iam') context.warn(resource, 'IAM authentication tokens are not verified by the simulator');
  context.users.push(user);
  return user;
}

/** A user of a simulated stack by id (case-insensitive, as the service stores ids lower-case). */
export function findUser(resource: ResourceView, userId: string): UserModel | undefined {
  return resource.stack.assembly
    .resourcesOfType(USER, resource.stack.env)
    .map((user) => user.state() as UserModel)
    .find((user) => user.userId.toLowerCase() === userId.toLowerCase());
}

function createUserGroup(context: ModelContext, resource: ResourceView): UserGroupModel {
  const props = context.read(resource);
  const userGroupId = props.string('UserGroupId')!;
  checkFormat(resource, userGroupId, FORMATS.userGroupId, 'UserGroupId');
  const engine = engineOf(resource, props.string('Engine'), ['valkey', 'redis'] as const);
  const userIds = props.stringList('UserIds')!;
  const { min, max } = LIMITS.usersPerUserGroup;
  if (userIds.length < min || userIds.length > max) {
    reject(resource, REJECTIONS.invalidValue(`A user group takes ${min} to ${max} users; got ${userIds.length}.`), 'UserIds');
  }
  const names = new Set<string>();
  for (const id of userIds) {
    const user = findUser(resource, id) ?? reject(resource, REJECTIONS.userNotFound(id), 'UserIds');
    if (names.has(user.userName)) reject(resource, REJECTIONS.duplicateUserName(user.userName), 'UserIds');
    names.add(user.userName);
  }
  // Redis OSS user groups need a user named `default`; Valkey groups hold only users that authenticate
  // (password or IAM), so they carry no password-less default user (ElastiCache RBAC guide).
  if (engine === 'redis' && !names.has('default')) reject(resource, REJECTIONS.defaultUserRequired(), 'UserIds');
  const tags = readTags(resource, props);
  const group: UserGroupModel = { origin: originOf(resource), userGroupId, engine, userIds, arn: elastiCacheArn(resource.stack.env, 'usergroup', userGroupId), tags };
  context.userGroups.push(group);
  return group;
}

/** A user group of a simulated stack by id. */
export function findUserGroup(resource: ResourceView, userGroupId: string, property: string): UserGroupModel {
  const found = resource.stack.assembly
    .resourcesOfType(USER_GROUP, resource.stack.env)
    .map((group) => group.state() as UserGroupModel)
    .find((group) => group.userGroupId.toLowerCase() === userGroupId.toLowerCase());
  return found ?? reject(resource, REJECTIONS.userGroupNotFound(userGroupId), property);
}

/** Users and user groups answer `Arn` and `Status`. */
const arnAttribute = (model: { arn: string }, name: string) => {
  if (name === 'Arn') return model.arn;
  return name === 'Status' ? 'active' : undefined;
};

export function userHandler(context: ModelContext): ResourceTypeHandler {
  return modelHandler(context, createUser, (model) => model.userId, arnAttribute);
}

export function userGroupHandler(context: ModelContext): ResourceTypeHandler {
  return modelHandler(context, createUserGroup, (model) => model.userGroupId, arnAttribute);
}
