import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { EngineVersion, NodeType } from '../catalog';
import { IParameterGroup } from './parameter-group';
import { ReplicationGroupBase } from './replication-group-base';
import { BuiltReplicationGroup } from './replication-group-builder';
import { replicationGroupArnOf } from './replication-group-import';
import { ISubnetGroup } from './subnet-group';

/**
 * Base of the replication groups this app creates, with and without cluster mode: what both
 * expose about the group they built.
 */
export abstract class ProvisionedReplicationGroupBase extends ReplicationGroupBase {
  public readonly replicationGroupId!: string;
  public readonly replicationGroupArn!: string;
  public readonly connections!: ec2.Connections;

  /** The engine and version. */
  public readonly engineVersion!: EngineVersion;

  /** The node type. */
  public readonly nodeType!: NodeType;

  /** The port of the nodes. */
  public readonly port!: number;

  /** Whether clients must use TLS. */
  public readonly transitEncryption!: boolean;

  /** Whether data is encrypted at rest. */
  public readonly atRestEncryption!: boolean;

  /** Whether Multi-AZ is on. */
  public readonly multiAz!: boolean;

  /** Whether a replica takes over automatically when a primary fails. */
  public readonly automaticFailover!: boolean;

  /** The secret holding the generated AUTH token; undefined when a token or user group was given. */
  public readonly authTokenSecret?: secretsmanager.ISecret;

  /** The subnet group of the group. */
  public readonly subnetGroup!: ISubnetGroup;

  /** The parameter group the group uses, when one was given or created. */
  public readonly parameterGroup?: IParameterGroup;

  /** The log group the slow log goes to, when it goes to CloudWatch Logs. */
  public readonly slowLogGroup?: logs.ILogGroup;

  /** The log group the engine log goes to, when it goes to CloudWatch Logs. */
  public readonly engineLogGroup?: logs.ILogGroup;

  /** The underlying CloudFormation resource. */
  public readonly resource!: elasticache.CfnReplicationGroup;

  /**
   * Takes over what `buildReplicationGroup` made. Called once, from the subclass constructor (the
   * fields are read-only to users).
   * @internal
   */
  protected _adopt(built: BuiltReplicationGroup): void {
    const replicationGroupId = built.resource.ref;
    Object.assign(this, {
      resource: built.resource,
      replicationGroupId,
      replicationGroupArn: replicationGroupArnOf(this, replicationGroupId),
      connections: built.connections,
      engineVersion: built.engineVersion,
      nodeType: built.nodeType,
      port: built.port,
      transitEncryption: built.transitEncryption,
      atRestEncryption: built.atRestEncryption,
      multiAz: built.multiAz,
      automaticFailover: built.automaticFailover,
      authTokenSecret: built.authTokenSecret,
      subnetGroup: built.subnetGroup,
      parameterGroup: built.parameterGroup,
      slowLogGroup: built.logGroups['slow-log'],
      engineLogGroup: built.logGroups['engine-log'],
    });
  }
}
