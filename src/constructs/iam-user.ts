import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Engine } from '../catalog';
import { UserBase, UserBaseProps } from './user-base';
import { createUserResource } from './user-resource';
import { ValidationError } from './validation';

/** Properties of an `IamUser`. */
export interface IamUserProps extends UserBaseProps {
  /**
   * The user name. IAM authentication requires it to equal the user ID.
   * @default the userId
   */
  readonly userName?: string;
}

/**
 * An RBAC user that authenticates with IAM (`AWS::ElastiCache::User`, authentication type `iam`):
 * clients sign a short-lived token with credentials allowed `elasticache:Connect` on both the cache
 * and the user (`grantConnect`).
 *
 * @resource AWS::ElastiCache::User
 */
export class IamUser extends UserBase {
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

  constructor(scope: Construct, id: string, props: IamUserProps) {
    super(scope, id);
    const engine = props.engine ?? Engine.VALKEY;
    this.engine = engine;
    this.userId = props.userId;
    const userName = props.userName ?? props.userId;
    this.userName = userName;
    this.accessString = props.accessControl.accessString;
    if (userName !== this.userId) {
      throw new ValidationError(this, 'userName', userName, `the same value as userId (${JSON.stringify(this.userId)}): IAM authentication requires it`);
    }
    const resource = createUserResource(this, props, engine, userName, {
      authenticationMode: { Type: 'iam' },
    });
    this.userArn = resource.attrArn;
    this.userStatus = resource.attrStatus;
  }

  /** Allows the grantee to connect as this user (`elasticache:Connect` on the user ARN). */
  public grantConnect(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'elasticache:Connect');
  }
}
