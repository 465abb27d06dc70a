/** Every API action the control plane answers, from one module per operation group. */
import type { ServiceContext } from '../context';
import { cacheClusterChangeActions } from './cache-cluster-changes';
import { cacheClusterActions } from './cache-clusters';
import { engineCatalogActions } from './engine-catalog';
import { eventAndTagActions } from './events-and-tags';
import { globalDatastoreActions } from './global-datastores';
import { groupModifyActions } from './group-modify';
import { parameterGroupActions } from './parameter-groups';
import { replicaActions } from './replicas';
import { replicationGroupActions } from './replication-groups';
import { reshardingActions } from './resharding';
import { serverlessCacheActions } from './serverless-caches';
import { snapshotActions } from './snapshots';
import { subnetGroupActions } from './subnet-groups';
import { userActions } from './users';
import type { ActionHandler } from '../http/server';

export function allActions(ctx: ServiceContext): Record<string, ActionHandler> {
  return {
    ...cacheClusterActions(ctx),
    ...cacheClusterChangeActions(ctx),
    ...replicationGroupActions(ctx),
    ...groupModifyActions(ctx),
    ...reshardingActions(ctx),
    ...replicaActions(ctx),
    ...serverlessCacheActions(ctx),
    ...snapshotActions(ctx),
    ...eventAndTagActions(ctx),
    ...parameterGroupActions(ctx),
    ...userActions(ctx),
    ...subnetGroupActions(ctx),
    ...engineCatalogActions(),
    ...globalDatastoreActions(ctx),
  };
}
