import { Token } from 'aws-cdk-lib';
import type { EngineVersion } from './engine-version';
import { allNodeTypes, findNodeType, nodeTypeSupports } from './lookup';
import type { EngineName, NodeTypeInfo } from './types';

/**
 * A `cache.*` node type with the figures the ElastiCache documentation gives for it.
 *
 * Use the constants for current-generation types (`NodeType.R7G_LARGE`, `NodeType.T4G_MICRO`, …)
 * or `NodeType.of('cache.r7g.large')`, which also knows previous-generation types.
 */
export class NodeType {
  /** cache.t4g.micro */
  public static readonly T4G_MICRO = NodeType.known('cache.t4g.micro');
  /** cache.t4g.small */
  public static readonly T4G_SMALL = NodeType.known('cache.t4g.small');
  /** cache.t4g.medium */
  public static readonly T4G_MEDIUM = NodeType.known('cache.t4g.medium');
  /** cache.t3.micro */
  public static readonly T3_MICRO = NodeType.known('cache.t3.micro');
  /** cache.t3.small */
  public static readonly T3_SMALL = NodeType.known('cache.t3.small');
  /** cache.t3.medium */
  public static readonly T3_MEDIUM = NodeType.known('cache.t3.medium');

  /** cache.m8g.large */
  public static readonly M8G_LARGE = NodeType.known('cache.m8g.large');
  /** cache.m8g.xlarge */
  public static readonly M8G_XLARGE = NodeType.known('cache.m8g.xlarge');
  /** cache.m8g.2xlarge */
  public static readonly M8G_2XLARGE = NodeType.known('cache.m8g.2xlarge');
  /** cache.m8g.4xlarge */
  public static readonly M8G_4XLARGE = NodeType.known('cache.m8g.4xlarge');
  /** cache.m8g.8xlarge */
  public static readonly M8G_8XLARGE = NodeType.known('cache.m8g.8xlarge');
  /** cache.m8g.12xlarge */
  public static readonly M8G_12XLARGE = NodeType.known('cache.m8g.12xlarge');
  /** cache.m8g.16xlarge */
  public static readonly M8G_16XLARGE = NodeType.known('cache.m8g.16xlarge');
  /** cache.m7g.large */
  public static readonly M7G_LARGE = NodeType.known('cache.m7g.large');
  /** cache.m7g.xlarge */
  public static readonly M7G_XLARGE = NodeType.known('cache.m7g.xlarge');
  /** cache.m7g.2xlarge */
  public static readonly M7G_2XLARGE = NodeType.known('cache.m7g.2xlarge');
  /** cache.m7g.4xlarge */
  public static readonly M7G_4XLARGE = NodeType.known('cache.m7g.4xlarge');
  /** cache.m7g.8xlarge */
  public static readonly M7G_8XLARGE = NodeType.known('cache.m7g.8xlarge');
  /** cache.m7g.12xlarge */
  public static readonly M7G_12XLARGE = NodeType.known('cache.m7g.12xlarge');
  /** cache.m7g.16xlarge */
  public static readonly M7G_16XLARGE = NodeType.known('cache.m7g.16xlarge');
  /** cache.m6g.large */
  public static readonly M6G_LARGE = NodeType.known('cache.m6g.large');
  /** cache.m6g.xlarge */
  public static readonly M6G_XLARGE = NodeType.known('cache.m6g.xlarge');
  /** cache.m6g.2xlarge */
  public static readonly M6G_2XLARGE = NodeType.known('cache.m6g.2xlarge');
  /** cache.m6g.4xlarge */
  public static readonly M6G_4XLARGE = NodeType.known('cache.m6g.4xlarge');
  /** cache.m6g.8xlarge */
  public static readonly M6G_8XLARGE = NodeType.known('cache.m6g.8xlarge');
  /** cache.m6g.12xlarge */
  public static readonly M6G_12XLARGE = NodeType.known('cache.m6g.12xlarge');
  /** cache.m6g.16xlarge */
  public static readonly M6G_16XLARGE = NodeType.known('cache.m6g.16xlarge');
  /** cache.m5.large */
  public static readonly M5_LARGE = NodeType.known('cache.m5.large');
  /** cache.m5.xlarge */
  public static readonly M5_XLARGE = NodeType.known('cache.m5.xlarge');
  /** cache.m5.2xlarge */
  public static readonly M5_2XLARGE = NodeType.known('cache.m5.2xlarge');
  /** cache.m5.4xlarge */
  public static readonly M5_4XLARGE = NodeType.known('cache.m5.4xlarge');
  /** cache.m5.12xlarge */
  public static readonly M5_12XLARGE = NodeType.known('cache.m5.12xlarge');
  /** cache.m5.24xlarge */
  public static readonly M5_24XLARGE = NodeType.known('cache.m5.24xlarge');
  /** cache.m4.large */
  public static readonly M4_LARGE = NodeType.known('cache.m4.large');
  /** cache.m4.xlarge */
  public static readonly M4_XLARGE = NodeType.known('cache.m4.xlarge');
  /** cache.m4.2xlarge */
  public static readonly M4_2XLARGE = NodeType.known('cache.m4.2xlarge');
  /** cache.m4.4xlarge */
  public static readonly M4_4XLARGE = NodeType.known('cache.m4.4xlarge');
  /** cache.m4.10xlarge */
  public static readonly M4_10XLARGE = NodeType.known('cache.m4.10xlarge');

  /** cache.r8g.large */
  public static readonly R8G_LARGE = NodeType.known('cache.r8g.large');
  /** cache.r8g.xlarge */
  public static readonly R8G_XLARGE = NodeType.known('cache.r8g.xlarge');
  /** cache.r8g.2xlarge */
  public static readonly R8G_2XLARGE = NodeType.known('cache.r8g.2xlarge');
  /** cache.r8g.4xlarge */
  public static readonly R8G_4XLARGE = NodeType.known('cache.r8g.4xlarge');
  /** cache.r8g.8xlarge */
  public static readonly R8G_8XLARGE = NodeType.known('cache.r8g.8xlarge');
  /** cache.r8g.12xlarge */
  public static readonly R8G_12XLARGE = NodeType.known('cache.r8g.12xlarge');
  /** cache.r8g.16xlarge */
  public static readonly R8G_16XLARGE = NodeType.known('cache.r8g.16xlarge');
  /** cache.r7g.large */
  public static readonly R7G_LARGE = NodeType.known('cache.r7g.large');
  /** cache.r7g.xlarge */
  public static readonly R7G_XLARGE = NodeType.known('cache.r7g.xlarge');
  /** cache.r7g.2xlarge */
  public static readonly R7G_2XLARGE = NodeType.known('cache.r7g.2xlarge');
  /** cache.r7g.4xlarge */
  public static readonly R7G_4XLARGE = NodeType.known('cache.r7g.4xlarge');
  /** cache.r7g.8xlarge */
  public static readonly R7G_8XLARGE = NodeType.known('cache.r7g.8xlarge');
  /** cache.r7g.12xlarge */
  public static readonly R7G_12XLARGE = NodeType.known('cache.r7g.12xlarge');
  /** cache.r7g.16xlarge */
  public static readonly R7G_16XLARGE = NodeType.known('cache.r7g.16xlarge');
  /** cache.r6g.large */
  public static readonly R6G_LARGE = NodeType.known('cache.r6g.large');
  /** cache.r6g.xlarge */
  public static readonly R6G_XLARGE = NodeType.known('cache.r6g.xlarge');
  /** cache.r6g.2xlarge */
  public static readonly R6G_2XLARGE = NodeType.known('cache.r6g.2xlarge');
  /** cache.r6g.4xlarge */
  public static readonly R6G_4XLARGE = NodeType.known('cache.r6g.4xlarge');
  /** cache.r6g.8xlarge */
  public static readonly R6G_8XLARGE = NodeType.known('cache.r6g.8xlarge');
  /** cache.r6g.12xlarge */
  public static readonly R6G_12XLARGE = NodeType.known('cache.r6g.12xlarge');
  /** cache.r6g.16xlarge */
  public static readonly R6G_16XLARGE = NodeType.known('cache.r6g.16xlarge');
  /** cache.r6gd.xlarge (data tiering) */
  public static readonly R6GD_XLARGE = NodeType.known('cache.r6gd.xlarge');
  /** cache.r6gd.2xlarge (data tiering) */
  public static readonly R6GD_2XLARGE = NodeType.known('cache.r6gd.2xlarge');
  /** cache.r6gd.4xlarge (data tiering) */
  public static readonly R6GD_4XLARGE = NodeType.known('cache.r6gd.4xlarge');
  /** cache.r6gd.8xlarge (data tiering) */
  public static readonly R6GD_8XLARGE = NodeType.known('cache.r6gd.8xlarge');
  /** cache.r6gd.12xlarge (data tiering) */
  public static readonly R6GD_12XLARGE = NodeType.known('cache.r6gd.12xlarge');
  /** cache.r6gd.16xlarge (data tiering) */
  public static readonly R6GD_16XLARGE = NodeType.known('cache.r6gd.16xlarge');
  /** cache.r5.large */
  public static readonly R5_LARGE = NodeType.known('cache.r5.large');
  /** cache.r5.xlarge */
  public static readonly R5_XLARGE = NodeType.known('cache.r5.xlarge');
  /** cache.r5.2xlarge */
  public static readonly R5_2XLARGE = NodeType.known('cache.r5.2xlarge');
  /** cache.r5.4xlarge */
  public static readonly R5_4XLARGE = NodeType.known('cache.r5.4xlarge');
  /** cache.r5.12xlarge */
  public static readonly R5_12XLARGE = NodeType.known('cache.r5.12xlarge');
  /** cache.r5.24xlarge */
  public static readonly R5_24XLARGE = NodeType.known('cache.r5.24xlarge');
  /** cache.r4.large */
  public static readonly R4_LARGE = NodeType.known('cache.r4.large');
  /** cache.r4.xlarge */
  public static readonly R4_XLARGE = NodeType.known('cache.r4.xlarge');
  /** cache.r4.2xlarge */
  public static readonly R4_2XLARGE = NodeType.known('cache.r4.2xlarge');
  /** cache.r4.4xlarge */
  public static readonly R4_4XLARGE = NodeType.known('cache.r4.4xlarge');
  /** cache.r4.8xlarge */
  public static readonly R4_8XLARGE = NodeType.known('cache.r4.8xlarge');
  /** cache.r4.16xlarge */
  public static readonly R4_16XLARGE = NodeType.known('cache.r4.16xlarge');

  /** cache.c8gn.large */
  public static readonly C8GN_LARGE = NodeType.known('cache.c8gn.large');
  /** cache.c8gn.xlarge */
  public static readonly C8GN_XLARGE = NodeType.known('cache.c8gn.xlarge');
  /** cache.c8gn.2xlarge */
  public static readonly C8GN_2XLARGE = NodeType.known('cache.c8gn.2xlarge');
  /** cache.c8gn.4xlarge */
  public static readonly C8GN_4XLARGE = NodeType.known('cache.c8gn.4xlarge');
  /** cache.c8gn.8xlarge */
  public static readonly C8GN_8XLARGE = NodeType.known('cache.c8gn.8xlarge');
  /** cache.c8gn.12xlarge */
  public static readonly C8GN_12XLARGE = NodeType.known('cache.c8gn.12xlarge');
  /** cache.c8gn.16xlarge */
  public static readonly C8GN_16XLARGE = NodeType.known('cache.c8gn.16xlarge');
  /** cache.c7gn.large */
  public static readonly C7GN_LARGE = NodeType.known('cache.c7gn.large');
  /** cache.c7gn.xlarge */
  public static readonly C7GN_XLARGE = NodeType.known('cache.c7gn.xlarge');
  /** cache.c7gn.2xlarge */
  public static readonly C7GN_2XLARGE = NodeType.known('cache.c7gn.2xlarge');
  /** cache.c7gn.4xlarge */
  public static readonly C7GN_4XLARGE = NodeType.known('cache.c7gn.4xlarge');
  /** cache.c7gn.8xlarge */
  public static readonly C7GN_8XLARGE = NodeType.known('cache.c7gn.8xlarge');
  /** cache.c7gn.12xlarge */
  public static readonly C7GN_12XLARGE = NodeType.known('cache.c7gn.12xlarge');
  /** cache.c7gn.16xlarge */
  public static readonly C7GN_16XLARGE = NodeType.known('cache.c7gn.16xlarge');

  /**
   * A node type by name, current or previous generation (e.g. `cache.r7g.large`, `cache.m3.medium`).
   *
   * An unresolved token is accepted as is, with no figures and `supports()` always true.
   *
   * @param name the node type name, `cache.<family>.<size>`
   * @throws an Error naming the value and the documented families when the name is unknown
   */
  public static of(name: string): NodeType {
    if (Token.isUnresolved(name)) return new NodeType(name, undefined);
    const info = findNodeType(name);
    if (!info) {
      const families = [...new Set(allNodeTypes().map((n) => n.family))].join(', ');
      const hint = name.startsWith('cache.') ? '' : " Node type names start with 'cache.' (e.g. cache.r7g.large).";
      throw new Error(`Unknown node type '${name}'.${hint} Documented families: ${families}.`);
    }
    return new NodeType(name, info);
  }

  private static known(name: string): NodeType {
    const info = findNodeType(name);
    if (!info) throw new Error(`Catalog has no node type ${name}`);
    return new NodeType(name, info);
  }

  /** The node type name, e.g. `cache.r7g.large`. */
  public readonly name: string;
  /**
   * The family, e.g. `r7g`.
   *
   * @default - undefined only for an unresolved token
   */
  public readonly family?: string;
  /**
   * vCPUs. The ElastiCache documentation states them for burstable types only.
   *
   * @default - undefined where the documentation gives no figure
   */
  public readonly vCpus?: number;
  /**
   * Memory in GiB as the documentation lists it.
   *
   * @default - undefined where the documentation gives no figure
   */
  public readonly memoryGiB?: number;
  /**
   * Network performance as documented: `"<baseline> Gbps baseline, <burst> Gbps burst"`, or the
   * documentation's words for burstable types (e.g. `Up to 5 Gigabit`).
   *
   * @default - undefined where the documentation gives no figure
   */
  public readonly networkPerformance?: string;
  /** T-family node with CPU credits. */
  public readonly burstable: boolean;
  /** Data tiering node (r6gd): data tiering must be enabled on it, and only on it. */
  public readonly dataTiering: boolean;
  /** Previous generation: ElastiCache no longer creates new clusters with it. */
  public readonly previousGeneration: boolean;
  /** Whether the name is an unresolved token (no checks are possible at synth time). */
  public readonly isUnresolved: boolean;

  private readonly info?: NodeTypeInfo;

  private constructor(name: string, info: NodeTypeInfo | undefined) {
    this.name = name;
    this.info = info;
    this.isUnresolved = info === undefined;
    this.family = info?.family;
    this.vCpus = info?.vCpus;
    this.memoryGiB = info?.memoryGiB;
    this.networkPerformance = info ? describeNetwork(info) : undefined;
    this.burstable = info?.burstable ?? false;
    this.dataTiering = info?.dataTiering ?? false;
    this.previousGeneration = info?.generation === 'previous';
  }

  /**
   * Whether this node type runs the given engine version, per the documented minimum engine
   * version for each engine. Previous-generation types support no version for new clusters.
   * True when either side is an unresolved token.
   *
   * @param version the engine version
   */
  public supports(version: EngineVersion): boolean {
    if (!this.info || version.isUnresolved) return true;
    return nodeTypeSupports(this.info, version.engine as string as EngineName, version.version);
  }

  /**
   * The documented minimum version of an engine on this node type.
   *
   * @param engine the engine name (`valkey`, `redis` or `memcached`)
   * @returns the version, or undefined when the node type does not run the engine (or is a token)
   */
  public minimumEngineVersion(engine: string): string | undefined {
    return this.info?.minEngineVersion[engine as EngineName];
  }

  /** The node type name. */
  public toString(): string {
    return this.name;
  }
}

function describeNetwork(info: NodeTypeInfo): string | undefined {
  if (info.networkPerformanceText) return info.networkPerformanceText;
  if (info.baselineBandwidthGbps === undefined) return undefined;
  const burst = info.burstBandwidthGbps === undefined ? '' : `, ${info.burstBandwidthGbps} Gbps burst`;
  return `${info.baselineBandwidthGbps} Gbps baseline${burst}`;
}
