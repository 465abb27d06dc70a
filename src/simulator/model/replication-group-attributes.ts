import type { JsonValue } from '../template';
import type { ReplicationGroupModel } from './types';

/**
 * `Fn::GetAtt` of a replication group. Ports are strings, as CloudFormation returns them. The
 * endpoints of the other cluster mode do not exist, so asking for them fails (the attribute
 * documentation says `Fn::GetAtt` "fails" for them).
 */
export function replicationGroupAttribute(group: ReplicationGroupModel, name: string): JsonValue | undefined {
  const members = group.shards.flatMap((shard) => [shard.primary, ...shard.replicas]);
  switch (name) {
    case 'PrimaryEndPoint.Address': return group.primaryEndpoint?.hostname;
    case 'PrimaryEndPoint.Port': return group.primaryEndpoint ? String(group.port) : undefined;
    case 'ReaderEndPoint.Address': return group.readerEndpoint?.hostname;
    case 'ReaderEndPoint.Port': return group.readerEndpoint ? String(group.port) : undefined;
    case 'ConfigurationEndPoint.Address': return group.configurationEndpoint?.hostname;
    case 'ConfigurationEndPoint.Port': return group.configurationEndpoint ? String(group.port) : undefined;
    // "A string with a list of endpoints for the primary and read-only replicas", ports in the same order.
    case 'ReadEndPoint.Addresses': return group.configurationEndpoint ? undefined : members.map((n) => n.endpoint.hostname).join(',');
    case 'ReadEndPoint.Ports': return group.configurationEndpoint ? undefined : members.map(() => String(group.port)).join(',');
    case 'ReadEndPoint.AddressesList': return group.configurationEndpoint ? undefined : members.map((n) => n.endpoint.hostname);
    case 'ReadEndPoint.PortsList': return group.configurationEndpoint ? undefined : members.map(() => String(group.port));
    case 'EffectiveDurability': return group.durability;
    default: return undefined;
  }
}
