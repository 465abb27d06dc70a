import { IResource, Resource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Engine } from '../catalog';
import { importedNameAndArn } from './arns';

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
   * The user ID: 1 to 40 lower-case letters, digits and hyphens, starting with a letter. It cannot be
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
   * Tags of the user. With tags added by `Tags.of()` on a parent, at most 50;
   * keys of 1 to 128 and values of up to 256 characters, neither starting with `aws:` (checked at synth).
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
    const { name, arn } = importedNameAndArn(scope, 'user', 'userId', 'userArn', attrs.userId, attrs.userArn);
    class Import extends UserBase {
      public readonly userId = name;
      public readonly userArn = arn;
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
