import { IResource, Lazy, Resource } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { Engine } from '../catalog';
import { importedNameAndArn } from './arns';
import { generateIdentifier } from './naming';
import { tagResource } from './tags';
import { IUser } from './user-base';
import { checkFormat, checkOneOf, isUncheckable, ValidationError } from './validation';
import { FORMATS, LIMITS } from '../catalog/internal';

/** An ElastiCache RBAC user group, created here or imported. */
export interface IUserGroup extends IResource {
  /**
   * The ID of the user group.
   * @attribute
   */
  readonly userGroupId: string;

  /**
   * The ARN of the user group.
   * @attribute
   */
  readonly userGroupArn: string;

  /** The engine of the group; undefined when unknown (imported without it). */
  readonly engine?: Engine;
}

/** Properties of a `UserGroup`. */
export interface UserGroupProps {
  /**
   * The ID of the group: 1 to 40 lower-case letters, digits and hyphens, starting with a letter.
   * @default a name generated from the construct path
   */
  readonly userGroupId?: string;

  /**
   * The engine of the group; every user in it must have the same engine.
   * @default Engine.VALKEY
   */
  readonly engine?: Engine;

  /**
   * The users of the group (more can be added with `addUser`). A group needs at least one user, and
   * a Redis OSS group needs one whose user name is `default`.
   * @default no users yet
   */
  readonly users?: IUser[];

  /**
   * Tags of the group. With tags added by `Tags.of()` on a parent, at most 50;
   * keys of 1 to 128 and values of up to 256 characters, neither starting with `aws:` (checked at synth).
   * @default no tags
   */
  readonly tags?: { [key: string]: string };
}

/** Attributes of a user group defined outside this app. */
export interface UserGroupAttributes {
  /**
   * The ID of the group. One of `userGroupId` and `userGroupArn` is required.
   * @default derived from userGroupArn
   */
  readonly userGroupId?: string;

  /**
   * The ARN of the group.
   * @default built from userGroupId in this stack's account and region
   */
  readonly userGroupArn?: string;

  /**
   * The engine of the group.
   * @default unknown (caches skip engine compatibility checks for it)
   */
  readonly engine?: Engine;
}

/** Length of generated group IDs: the longest ID allowed. */
const GENERATED_ID_LENGTH = FORMATS.userGroupId.maxLength;

/**
 * An RBAC user group (`AWS::ElastiCache::UserGroup`): the set of users a Valkey or Redis OSS cache
 * accepts. Users are referenced by ID, so CloudFormation creates them before the group.
 *
 * @resource AWS::ElastiCache::UserGroup
 */
export class UserGroup extends Resource implements IUserGroup {
  /** References a user group by its ID. */
  public static fromUserGroupId(scope: Construct, id: string, userGroupId: string): IUserGroup {
    return UserGroup.fromUserGroupAttributes(scope, id, { userGroupId });
  }

  /** References a user group by its ARN. */
  public static fromUserGroupArn(scope: Construct, id: string, userGroupArn: string): IUserGroup {
    return UserGroup.fromUserGroupAttributes(scope, id, { userGroupArn });
  }

  /** References a user group from its attributes. */
  public static fromUserGroupAttributes(scope: Construct, id: string, attrs: UserGroupAttributes): IUserGroup {
    const { name, arn } = importedNameAndArn(scope, 'usergroup', 'userGroupId', 'userGroupArn', attrs.userGroupId, attrs.userGroupArn);
    class Import extends Resource implements IUserGroup {
      public readonly userGroupId = name;
      public readonly userGroupArn = arn;
      public readonly engine = attrs.engine;
    }
    return new Import(scope, id);
  }

  public readonly userGroupId: string;
  public readonly userGroupArn: string;
  /** The engine of the group (always set for groups created here). */
  public readonly engine?: Engine;
  private readonly groupEngine: Engine;

  /**
   * The status of the group.
   * @attribute
   */
  public readonly userGroupStatus: string;

  private readonly users: IUser[] = [];

  constructor(scope: Construct, id: string, props: UserGroupProps = {}) {
    super(scope, id);
    this.groupEngine = props.engine ?? Engine.VALKEY;
    this.engine = this.groupEngine;
    checkOneOf(this, 'engine', this.groupEngine, [Engine.VALKEY, Engine.REDIS]);
    checkFormat(this, 'userGroupId', props.userGroupId, FORMATS.userGroupId, 'lower-case letters, digits and hyphens, starting with a letter');
    this.userGroupId = props.userGroupId ?? generateIdentifier(this, GENERATED_ID_LENGTH);

    for (const user of props.users ?? []) this.addUser(user);
    // Membership rules depend on every addUser() call, so they are checked when the template is made.
    this.node.addValidation({ validate: () => this.membershipProblems() });

    const resource = new elasticache.CfnUserGroup(this, 'Resource', {
      engine: this.groupEngine,
      userGroupId: this.userGroupId,
      userIds: Lazy.list({ produce: () => this.users.map((u) => u.userId) }),
    });
    tagResource(this, resource, props.tags);
    this.userGroupArn = resource.attrArn;
    this.userGroupStatus = resource.attrStatus;
  }

  /** Adds a user to the group; the group then depends on it. */
  public addUser(user: IUser): void {
    if (user.engine !== undefined && user.engine !== this.groupEngine) {
      throw new ValidationError(this, 'users', user.node.path,
        `users whose engine is the group's (${this.groupEngine}); this user's engine is ${user.engine}`);
    }
    if (this.users.some((u) => u.userId === user.userId)) {
      throw new ValidationError(this, 'users', user.userId, 'each user once (this user ID is already in the group)');
    }
    this.users.push(user);
    this.node.addDependency(user);
  }

  /** Problems with the final membership: reported by `cdk synth` with the construct path. */
  private membershipProblems(): string[] {
    if (this.users.length === 0) {
      return [`${this.node.path}: users [] is not allowed: a user group needs at least one user`];
    }
    const problems: string[] = [];
    const maxUsers = LIMITS.usersPerUserGroup.max;
    if (this.users.length > maxUsers) {
      problems.push(`${this.node.path}: users (${this.users.length} users) is not allowed: at most ${maxUsers} users in one user group`);
    }
    const names = this.users.map((u) => u.userName).filter((n): n is string => n !== undefined && !isUncheckable(n));
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) problems.push(`${this.node.path}: users ${JSON.stringify(duplicate)} is not allowed: user names must be unique in a group`);
    const unknownNames = this.users.some((u) => u.userName === undefined || isUncheckable(u.userName));
    if (this.groupEngine === Engine.REDIS && !names.includes('default') && !unknownNames) {
      problems.push(`${this.node.path}: users ${JSON.stringify(names)} is not allowed: a Redis OSS user group must contain a user whose userName is "default"`);
    }
    return problems;
  }
}
