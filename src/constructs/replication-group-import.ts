import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { IReplicationGroup, ReplicationGroupAttributes, ReplicationGroupBase } from './replication-group-base';

/** The ARN of a replication group (`...:replicationgroup:<id>`). */
export function replicationGroupArnOf(scope: Construct, replicationGroupId: string): string {
  return Stack.of(scope).formatArn({
    service: 'elasticache', resource: 'replicationgroup', resourceName: replicationGroupId, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** An imported replication group: connections, grants and metrics of its known members. */
export function importReplicationGroup(scope: Construct, id: string, attrs: ReplicationGroupAttributes): IReplicationGroup {
  class Import extends ReplicationGroupBase {
    public readonly replicationGroupId = attrs.replicationGroupId;
    public readonly replicationGroupArn = replicationGroupArnOf(this, attrs.replicationGroupId);
    public readonly memberClusterIds = attrs.memberClusterIds ?? [];
    public readonly connections = new ec2.Connections({
      securityGroups: attrs.securityGroups,
      defaultPort: ec2.Port.tcp(attrs.port ?? 6379),
    });
  }
  return new Import(scope, id);
}
