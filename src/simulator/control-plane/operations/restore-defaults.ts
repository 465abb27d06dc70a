/**
 * Creating a cache from a snapshot: what the request leaves out comes from the snapshot (engine,
 * version, node type, port, shard count, cluster mode), as the service fills it in; the snapshot
 * (or bucket object) must exist and be available before anything is created.
 */
import type { RestoreSource } from '../../snapshots/snapshot-service';
import type { JsonObject } from '../../template';
import type { ServiceContext } from '../context';
import { API_ERRORS } from '../http/errors';
import type { RequestParams } from '../http/params';

export function restoreSourceOf(params: RequestParams, serverless = false): RestoreSource | undefined {
  if (serverless) {
    const arns = params.stringList('SnapshotArnsToRestore');
    return arns && arns.length > 0 ? { snapshotArns: arns } : undefined;
  }
  const snapshotName = params.string('SnapshotName');
  const snapshotArns = params.stringList('SnapshotArns');
  const serverlessSnapshotName = params.string('ServerlessCacheSnapshotName');
  const given = [snapshotName, snapshotArns?.length ? snapshotArns : undefined, serverlessSnapshotName].filter((v) => v !== undefined);
  if (given.length > 1) throw API_ERRORS.invalidCombination('Only one of SnapshotName, SnapshotArns and ServerlessCacheSnapshotName can be given.');
  if (given.length === 0) return undefined;
  return { snapshotName, snapshotArns: snapshotArns?.length ? snapshotArns : undefined, serverlessSnapshotName };
}

/** Checks the source exists and is available; fills properties the request does not set. */
export function applyRestoreDefaults(ctx: ServiceContext, region: string, source: RestoreSource, props: JsonObject, kind: 'group' | 'cluster'): void {
  ctx.snapshots.sourceFiles(source, region);
  if (source.snapshotName === undefined) return;
  const snapshot = ctx.snapshots.require(source.snapshotName, region).cache;
  const fill = (name: string, value: string | number | undefined) => {
    if (props[name] === undefined && value !== undefined) props[name] = String(value);
  };
  fill('Engine', snapshot.engine);
  fill('EngineVersion', snapshot.engineVersion);
  fill('CacheNodeType', snapshot.nodeType);
  fill('Port', snapshot.port);
  if (kind === 'group' && snapshot.clusterEnabled) {
    fill('NumNodeGroups', ctx.snapshots.require(source.snapshotName, region).nodes.length);
    if (props.CacheParameterGroupName === undefined) fill('ClusterMode', 'enabled');
  }
}
