import { Construct } from 'constructs';
import { EngineVersion, NodeType } from '../catalog';
import { IParameterGroup, ParameterGroup } from './parameter-group';
import { isUncheckable, ValidationError } from './validation';

/** The parameter group choices of a node-based cache. */
export interface ParameterGroupChoice {
  readonly engineVersion: EngineVersion;
  /** The node type of the cache: the group's values must fit its memory. */
  readonly nodeType: NodeType;
  readonly parameterGroup?: IParameterGroup;
  readonly parameters?: { [name: string]: string };
  /** Whether the cache runs in cluster mode (its group must set `cluster-enabled: yes`). */
  readonly clusterMode: boolean;
}

/**
 * The parameter group a node-based cache runs with:
 * - the given group, whose family and cluster mode must match the cache;
 * - or a new group owned by the cache when `parameters` are given (validated against the family);
 * - or, in cluster mode, the family's `default.<family>.cluster.on` group;
 * - otherwise none (ElastiCache uses `default.<family>`).
 */
export function ownParameterGroup(scope: Construct, choice: ParameterGroupChoice): IParameterGroup | undefined {
  const group = chooseParameterGroup(scope, choice);
  if (group instanceof ParameterGroup) checkGroupOnNodeType(scope, group, choice);
  return group;
}

function chooseParameterGroup(scope: Construct, choice: ParameterGroupChoice): IParameterGroup | undefined {
  const { engineVersion, parameterGroup, parameters, clusterMode } = choice;
  if (parameterGroup && parameters) {
    throw new ValidationError(scope, 'parameters', parameters, 'no parameters together with parameterGroup: set them on that group (addParameter)');
  }
  if (parameters) {
    return new ParameterGroup(scope, 'ParameterGroup', {
      engineVersion,
      parameters,
      clusterMode,
      description: `Parameters of ${scope.node.path}`,
    });
  }
  if (parameterGroup) {
    checkGivenGroup(scope, parameterGroup, engineVersion, clusterMode);
    return parameterGroup;
  }
  if (!clusterMode) return undefined;
  if (engineVersion.isUnresolved) {
    throw new ValidationError(scope, 'parameterGroup', undefined,
      'a cluster mode parameter group: the default group of a token engine version is unknown at synth time');
  }
  return ParameterGroup.fromParameterGroupName(scope, 'DefaultParameterGroup', engineVersion.defaultParameterGroupName(true));
}

function checkGivenGroup(scope: Construct, group: IParameterGroup, version: EngineVersion, clusterMode: boolean): void {
  const family = version.parameterGroupFamily;
  if (family !== undefined && group.family !== undefined && !isUncheckable(group.family) && group.family !== family) {
    throw new ValidationError(scope, 'parameterGroup', group.parameterGroupName,
      `a group of family ${family} (the family of ${version}); this group's family is ${group.family}`);
  }
  if (group.clusterModeEnabled !== undefined && group.clusterModeEnabled !== clusterMode) {
    const allowed = clusterMode
      ? 'a cluster mode group (cluster-enabled: yes), e.g. ParameterGroup.forClusterMode() or default.<family>.cluster.on'
      : 'a group without cluster mode (cluster-enabled: no): cluster mode groups are for ClusterModeReplicationGroup';
    throw new ValidationError(scope, 'parameterGroup', group.parameterGroupName, allowed);
  }
}

/**
 * The group's values must fit the cache's node type (e.g. `reserved-memory` within `maxmemory`,
 * Memcached `max_item_size` within a quarter of the item memory). Checked when the template is made,
 * so parameters added later with `addParameter()` are seen; imported groups have no known values.
 */
function checkGroupOnNodeType(scope: Construct, group: ParameterGroup, choice: ParameterGroupChoice): void {
  const { nodeType, engineVersion } = choice;
  if (nodeType.isUnresolved) return;
  const version = engineVersion.isUnresolved ? undefined : engineVersion.version;
  scope.node.addValidation({
    validate: () => group._problemsOnCache(nodeType.name, version)
      .map((problem) => `${scope.node.path}: parameterGroup ${JSON.stringify(group.node.path)} is not allowed with nodeType ${nodeType.name}: ${problem}`),
  });
}
