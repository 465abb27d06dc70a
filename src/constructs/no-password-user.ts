import { Construct } from 'constructs';
import { Engine } from '../catalog';
import { UserBase, UserBaseProps } from './user-base';
import { createUserResource } from './user-resource';
import { ValidationError } from './validation';

/** Properties of a `NoPasswordUser`. */
export interface NoPasswordUserProps extends UserBaseProps {
  /**
   * The name the user authenticates with.
   * @default the userId
   */
  readonly userName?: string;
}

/**
 * An RBAC user that needs no password (`AWS::ElastiCache::User`, authentication type
 * `no-password-required`). Only Redis OSS users can be created this way; ElastiCache refuses it
 * for Valkey. Give such users narrow access strings.
 *
 * @resource AWS::ElastiCache::User
 */
export class NoPasswordUser extends UserBase {
  public readonly userId: string;
  public readonly userArn: string;
  /** The name the user authenticates with. */
  public readonly userName?: string;
  /** The engine of the user (always set for users created here). */
  public readonly engine?: Engine;

  /** The access string of the user. */
  public readonly accessString: string;

  /**
   * The status of the user (`active`, `modifying`, `deleting`).
   * @attribute
   */
  public readonly userStatus: string;

  constructor(scope: Construct, id: string, props: NoPasswordUserProps) {
    super(scope, id);
    const engine = props.engine ?? Engine.REDIS;
    this.engine = engine;
    this.userId = props.userId;
    const userName = props.userName ?? props.userId;
    this.userName = userName;
    this.accessString = props.accessControl.accessString;
    if (engine === Engine.VALKEY) {
      throw new ValidationError(this, 'engine', engine, 'Engine.REDIS: Valkey users cannot be created without a password (use PasswordUser or IamUser)');
    }
    const resource = createUserResource(this, props, engine, userName, {
      authenticationMode: { Type: 'no-password-required' },
      noPasswordRequired: true,
    });
    this.userArn = resource.attrArn;
    this.userStatus = resource.attrStatus;
  }
}
