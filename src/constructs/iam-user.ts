import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Engine } from '../catalog';
import { AuthenticationType, RbacUser } from './rbac-user';
import { UserBaseProps } from './user-base';

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
export class IamUser extends RbacUser {
  constructor(scope: Construct, id: string, props: IamUserProps) {
    super(scope, id, props, { authenticationType: AuthenticationType.IAM, defaultEngine: Engine.VALKEY, userName: props.userName });
  }

  /** Allows the grantee to connect as this user (`elasticache:Connect` on the user ARN). */
  public grantConnect(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'elasticache:Connect');
  }
}
