import { EngineVersion, NodeType } from '../catalog';

/** China Regions replicate only with each other (and other Regions never with them). */
export function isChinaRegion(region: string): boolean {
  return region.startsWith('cn-');
}

/** What a secondary inherits from the primary, read from either kind of group. */
export interface PrimaryShape {
  readonly engineVersion: EngineVersion;
  readonly nodeType: NodeType;
  readonly port: number;
  readonly clusterMode: boolean;
  readonly shardIds: string[];
  readonly replicas: number;
  readonly automaticFailover: boolean;
  readonly atRestEncryption: boolean;
  readonly transitEncryption: boolean;
}
