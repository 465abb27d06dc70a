import { CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { errorMessage, stackWithVpc } from './helpers';
import { EngineVersion, NodeType } from '../../src/catalog';
import { ClusterModeReplicationGroup, MemcachedCluster, ParameterGroup, ReplicationGroup } from '../../src/constructs';

/**
 * A cache checks the values of the parameter group it runs with against its own node type and engine
 * version: groups it creates from `parameters` and `ParameterGroup` constructs passed in alike.
 */

// cache.t3.micro / cache.t4g.micro: maxmemory 536870912 bytes; Memcached max_cache_memory 512 MB, so
// max_item_size may reach (512 − 100) MB / 4 = 108003328 bytes with the default connection overhead.
const T3_MICRO_ITEM_LIMIT = 108003328;

type Build = (stack: Stack, vpc: ec2.IVpc) => void;

/** The error synthesis raises, or '' when the template is made. */
function synthError(build: Build): string {
  const { stack, vpc } = stackWithVpc();
  build(stack, vpc);
  return errorMessage(() => Template.fromStack(stack));
}

describe('parameter values against the node type of the cache', () => {
  const refused: Array<[string, Build, string[]]> = [
    ['Memcached max_item_size above a quarter of the item memory (owned group)',
      (stack, vpc) => new MemcachedCluster(stack, 'Cache', { vpc, nodeType: NodeType.T3_MICRO, parameters: { max_item_size: '134217728' } }),
      ['Stack/Cache: parameterGroup "Stack/Cache/ParameterGroup"', 'nodeType cache.t3.micro', "'max_item_size' (134217728)",
        `(max_cache_memory 512 MB − memcached_connections_overhead 100 MB) / 4 = ${T3_MICRO_ITEM_LIMIT} bytes`]],
    ['Memcached max_item_size above the limit in a ParameterGroup passed in, set after the cache was defined',
      (stack, vpc) => {
        const group = new ParameterGroup(stack, 'Params', { family: 'memcached1.6' });
        new MemcachedCluster(stack, 'Cache', { vpc, nodeType: NodeType.T3_MICRO, parameterGroup: group });
        group.addParameter('max_item_size', '134217728');
      },
      ['Stack/Cache: parameterGroup "Stack/Params"', "'max_item_size' (134217728)", `= ${T3_MICRO_ITEM_LIMIT} bytes on cache.t3.micro`]],
    ['a larger connection overhead lowers the item size limit',
      (stack, vpc) => new MemcachedCluster(stack, 'Cache', {
        vpc, nodeType: NodeType.T3_MICRO, parameters: { max_item_size: '104857600', memcached_connections_overhead: '200' },
      }),
      ["'max_item_size' (104857600)", 'memcached_connections_overhead 200 MB) / 4 = 81788928 bytes']],
    ['reserved-memory above maxmemory (ReplicationGroup, owned group)',
      (stack, vpc) => new ReplicationGroup(stack, 'Cache', { vpc, nodeType: NodeType.T4G_MICRO, parameters: { 'reserved-memory': '600000000' } }),
      ['Stack/Cache: parameterGroup "Stack/Cache/ParameterGroup"', "Parameter 'reserved-memory' of family valkey8 got '600000000'",
        'must not exceed the maxmemory of cache.t4g.micro (536870912 bytes)']],
    ['reserved-memory above maxmemory (ClusterModeReplicationGroup, group passed in)',
      (stack, vpc) => {
        const group = ParameterGroup.forClusterMode(stack, 'Params', { engineVersion: EngineVersion.VALKEY_8_1, parameters: { 'reserved-memory': '600000000' } });
        new ClusterModeReplicationGroup(stack, 'Cache', { vpc, nodeType: NodeType.T4G_MICRO, parameterGroup: group });
      },
      ['Stack/Cache: parameterGroup "Stack/Params"', "'reserved-memory' of family valkey8 got '600000000'", 'maxmemory of cache.t4g.micro (536870912 bytes)']],
    ['Memcached 1.4.34 with a memcached1.4 group made from the family: slab_chunk_max above max_item_size',
      (stack, vpc) => {
        const group = new ParameterGroup(stack, 'Params', { family: 'memcached1.4', parameters: { slab_chunk_max: '2097152' } });
        new MemcachedCluster(stack, 'Cache', { vpc, engineVersion: EngineVersion.MEMCACHED_1_4_34, nodeType: NodeType.T3_MICRO, parameterGroup: group });
      },
      ['Stack/Cache: parameterGroup "Stack/Params"', "'slab_chunk_max' (2097152) must not exceed 'max_item_size' (1048576) from Memcached 1.4.33"]],
    ['Memcached 1.4.34: max_item_size not a multiple of slab_chunk_max (owned group)',
      (stack, vpc) => new MemcachedCluster(stack, 'Cache', {
        vpc, engineVersion: EngineVersion.MEMCACHED_1_4_34, nodeType: NodeType.T3_MICRO, parameters: { max_item_size: '1572864', slab_chunk_max: '1048576' },
      }),
      ['Stack/Cache/ParameterGroup: parameters', "'max_item_size' (1572864) must be a multiple of 'slab_chunk_max' (1048576) from Memcached 1.4.33"]],
    ['Memcached 1.4.24 with a group that sets slab_chunk_max (added in 1.4.33)',
      (stack, vpc) => {
        const group = new ParameterGroup(stack, 'Params', { family: 'memcached1.4', parameters: { slab_chunk_max: '524288' } });
        new MemcachedCluster(stack, 'Cache', { vpc, engineVersion: EngineVersion.MEMCACHED_1_4_24, nodeType: NodeType.T3_MICRO, parameterGroup: group });
      },
      ['Stack/Cache: parameterGroup "Stack/Params"', "Parameter 'slab_chunk_max' of family memcached1.4 needs engine version 1.4.33 or later; the engine version is 1.4.24"]],
  ];
  test.each(refused)('%s', (_name, build, expected) => {
    const message = synthError(build);
    for (const part of expected) expect(message).toContain(part);
  });

  const accepted: Array<[string, Build]> = [
    ['max_item_size at the limit', (stack, vpc) =>
      new MemcachedCluster(stack, 'Cache', { vpc, nodeType: NodeType.T3_MICRO, parameters: { max_item_size: String(T3_MICRO_ITEM_LIMIT - (T3_MICRO_ITEM_LIMIT % 524288)) } })],
    ['the same max_item_size on a larger node', (stack, vpc) =>
      new MemcachedCluster(stack, 'Cache', { vpc, nodeType: NodeType.M7G_LARGE, parameters: { max_item_size: '134217728' } })],
    ['reserved-memory within maxmemory', (stack, vpc) =>
      new ReplicationGroup(stack, 'Cache', { vpc, nodeType: NodeType.T4G_MICRO, parameters: { 'reserved-memory': '536870912' } })],
    ['a token node type is not checked', (stack, vpc) => {
      const nodeType = NodeType.of(new CfnParameter(stack, 'NodeType').valueAsString);
      new ReplicationGroup(stack, 'Cache', { vpc, nodeType, parameters: { 'reserved-memory': '600000000' } });
    }],
    ['a token value is not checked', (stack, vpc) => {
      const bytes = new CfnParameter(stack, 'Reserved').valueAsString;
      new ReplicationGroup(stack, 'Cache', { vpc, nodeType: NodeType.T4G_MICRO, parameters: { 'reserved-memory': bytes } });
    }],
    ['an imported group is not checked', (stack, vpc) =>
      new MemcachedCluster(stack, 'Cache', { vpc, nodeType: NodeType.T3_MICRO, parameterGroup: ParameterGroup.fromParameterGroupName(stack, 'Params', 'big-items') })],
  ];
  test.each(accepted)('%s', (_name, build) => {
    expect(synthError(build)).toBe('');
  });

  test('a group shared by caches of two node types is refused only on the smaller one', () => {
    const message = synthError((stack, vpc) => {
      const group = new ParameterGroup(stack, 'Params', { family: 'memcached1.6', parameters: { max_item_size: '134217728' } });
      new MemcachedCluster(stack, 'Large', { vpc, nodeType: NodeType.M7G_LARGE, parameterGroup: group });
      new MemcachedCluster(stack, 'Small', { vpc, nodeType: NodeType.T3_MICRO, parameterGroup: group });
    });
    expect(message).toContain('Stack/Small: parameterGroup "Stack/Params" is not allowed with nodeType cache.t3.micro');
    expect(message).not.toContain('Stack/Large');
  });
});
