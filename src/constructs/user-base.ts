import { Annotations, ArnFormat, IResource, Resource, Stack, Tags } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { enablesUser, findAccessStringProblem } from './access-string';
import { Engine } from '../catalog';
import { checkOneOf, checkPattern, isUncheckable, ValidationError } from './validation';

/** The RBAC permissions of a user, written as an ACL access string (`on ~app:* -@all +@read`). */
export class AccessControl {
  /**
   * An access string in the Valkey / Redis OSS ACL grammar. It is checked when a user is created
   * with it: every rule must be valid, and ElastiCache refuses passwords and `reset` in it.
   */
  public static fromAccessString(accessString: string): AccessControl {
    return new AccessControl(accessString);
  }

  /** The access string. */
  public readonly accessString: string;

  private constructor(accessString: string) {
    this.accessString = accessString;
  }
}

/** An ElastiCache RBAC user, created here or imported. */
export interface IUser extends IResource {
  /**
   * The user ID (unique in the account and region).
   * @attribute
   */
  readonly userId: string;

  /**
   * The ARN of the user.
   * @attribute
   */
  readonly userArn: string;

  /**
   * The name the user authenticates with (`AUTH <userName> <password>`); undefined when unknown.
   */
  readonly userName?: string;

  /** The engine of the user; undefined when unknown (imported without it). */
  readonly engine?: Engine;
}

/** Properties shared by every kind of user. */
export interface UserBaseProps {
  /**
   * The user ID: lower-case letters, digits and hyphens, starting with a letter. It cannot be
   * `default` (the built-in user has that ID); to replace the built-in user, create a user with
   * another ID and `userName: 'default'`.
   */
  readonly userId: string;

  /**
   * The permissions of the user.
   */
  readonly accessControl: AccessControl;

  /**
   * The engine of the user: `Engine.VALKEY` or `Engine.REDIS`.
   * @default Engine.VALKEY (NoPasswordUser: Engine.REDIS)
   */
  readonly engine?: Engine;

  /**
   * Tags of the user.
   * @default no tags
   */
  readonly tags?: { [key: string]: string };
}

/** Attributes of a user defined outside this app. */
export interface UserAttributes {
  /**
   * The user ID. One of `userId` and `userArn` is required.
   * @default derived from userArn
   */
  readonly userId?: string;

  /**
   * The ARN of the user.
   * @default built from userId in this stack's account and region
   */
  readonly userArn?: string;

  /**
   * The user name.
   * @default unknown
   */
  readonly userName?: string;

  /**
   * The engine of the user.
   * @default unknown (user group engine checks skip this user)
   */
  readonly engine?: Engine;
}

/** Grammar of user IDs in CloudFormation (`AWS::ElastiCache::User`). */
const USER_ID = /^[a-z][a-z0-9-]*$/;

/** Base of the user constructs: ARN handling, imports and IAM grants. */
export abstract class UserBase extends Resource implements IUser {
  /** References a user by its ID. */
  public static fromUserId(scope: Construct, id: string, userId: string): IUser {
    return UserBase.fromUserAttributes(scope, id, { userId });
  }

  /** References a user by its ARN. */
  public static fromUserArn(scope: Construct, id: string, userArn: string): IUser {
    return UserBase.fromUserAttributes(scope, id, { userArn });
  }

  /** References a user from its attributes. */
  public static fromUserAttributes(scope: Construct, id: string, attrs: UserAttributes): IUser {
    if (attrs.userId === undefined && attrs.userArn === undefined) {
      throw new ValidationError(scope, 'userId', undefined, 'give userId or userArn to import a user');
    }
    const stack = Stack.of(scope);
    const userArn = attrs.userArn ?? stack.formatArn({
      service: 'elasticache', resource: 'user', resourceName: attrs.userId, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const userId = attrs.userId ?? stack.splitArn(userArn, ArnFormat.COLON_RESOURCE_NAME).resourceName!;
    class Import extends UserBase {
      public readonly userId = userId;
      public readonly userArn = userArn;
      public readonly userName = attrs.userName;
      public readonly engine = attrs.engine;
    }
    return new Import(scope, id);
  }

  public abstract readonly userId: string;
  public abstract readonly userArn: string;
  public abstract readonly userName?: string;
  public abstract readonly engine?: Engine;

  /** Grants IAM actions on this user. */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.userArn] });
  }
}

/** The authentication part of a user resource, decided by each kind of user. */
export interface UserAuthentication {
  readonly authenticationMode: { Type: string; Passwords?: string[] };
  readonly noPasswordRequired?: boolean;
}

/**
 * Validates the shared props and creates the `AWS::ElastiCache::User`. Used by the constructors of
 * the three user kinds so the checks and the resource shape are written once.
 */
export function createUserResource(
  user: Construct, props: UserBaseProps, engine: Engine, userName: string, auth: UserAuthentication,
): elasticache.CfnUser {
  checkOneOf(user, 'engine', engine, [Engine.VALKEY, Engine.REDIS]);
  checkPattern(user, 'userId', props.userId, USER_ID, 'lower-case letters, digits and hyphens, starting with a letter');
  if (props.userId === 'default') {
    throw new ValidationError(user, 'userId', props.userId,
      'an ID other than "default" (the built-in user has it); to replace the built-in user, give another ID and userName: "default"');
  }
  checkPattern(user, 'userName', userName, /^\S+$/, 'a non-empty name without whitespace');
  checkAccessString(user, props.accessControl.accessString, userName);

  const resource = new elasticache.CfnUser(user, 'Resource', {
    engine,
    userId: props.userId,
    userName,
    accessString: props.accessControl.accessString,
    authenticationMode: auth.authenticationMode,
    noPasswordRequired: auth.noPasswordRequired,
  });
  for (const [key, value] of Object.entries(props.tags ?? {})) Tags.of(resource).add(key, value);
  return resource;
}

function checkAccessString(scope: Construct, accessString: string, userName: string): void {
  if (isUncheckable(accessString)) return;
  const problem = findAccessStringProblem(accessString);
  if (problem) {
    throw new ValidationError(scope, 'accessControl', accessString, `rule "${problem.rule}": ${problem.reason}`);
  }
  // A disabled `default` user is the usual way to lock the built-in user out, so it gets no warning.
  if (!enablesUser(accessString) && userName !== 'default') {
    Annotations.of(scope).addWarningV2('cdk-elasticache:userOff',
      `The access string "${accessString}" does not contain "on": ElastiCache creates the user disabled.`);
  }
}
