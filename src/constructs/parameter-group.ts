import { IResource, Lazy, Resource } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { EngineVersion } from '../catalog';
import { tagResource } from './tags';
import { checkText, isUncheckable, ValidationError } from './validation';
import { familySupportsClusterMode, parseDefaultParameterGroupName } from '../catalog/families';
import { allParameterFamilies, findParameterFamily } from '../catalog/lookup';
import { validateParameterGroup } from '../catalog/parameter-group-rules';
import { validateParameter } from '../catalog/parameter-validation';

/** The parameter that switches a Valkey / Redis OSS group to cluster mode. */
const CLUSTER_ENABLED = 'cluster-enabled';

/** An ElastiCache parameter group, created here or imported. */
export interface IParameterGroup extends IResource {
  /**
   * The name of the parameter group (a `Ref` for groups created here).
   * @attribute
   */
  readonly parameterGroupName: string;

  /**
   * The parameter group family, e.g. `valkey8`, `redis7`, `memcached1.6`.
   * @default undefined when unknown (imported by a non-default name)
   */
  readonly family?: string;

  /**
   * Whether the group enables cluster mode (`cluster-enabled: yes`).
   * @default undefined when unknown (imported by a non-default name)
   */
  readonly clusterModeEnabled?: boolean;
}

/** Properties of a `ParameterGroup`. */
export interface ParameterGroupProps {
  /**
   * The engine version the group is for; its family is used, and parameters added in a later version
   * of the family are refused. Give this or `family`.
   * @default derived from `family`
   */
  readonly engineVersion?: EngineVersion;

  /**
   * The parameter group family (`valkey7`, `valkey8`, `redis7`, `redis6.x`, …, `memcached1.6`).
   * Give this or `engineVersion`.
   * @default the family of `engineVersion`
   */
  readonly family?: string;

  /**
   * Parameter values by name, as strings. Each is checked against the family: unknown names, wrong
   * types, values out of range and parameters that cannot be changed are refused.
   * @default no changes from the family defaults
   */
  readonly parameters?: { [name: string]: string };

  /**
   * Make this a cluster mode group (`cluster-enabled: yes`), as cluster mode enabled replication
   * groups need. Valkey and Redis OSS (3.2.4 and later) families only.
   * @default false
   */
  readonly clusterMode?: boolean;

  /**
   * A description (CloudFormation requires one).
   * @default "Parameter group for <construct path>"
   */
  readonly description?: string;

  /**
   * Tags of the parameter group. With tags added by `Tags.of()` on a parent, at most 50;
   * keys of 1 to 128 and values of up to 256 characters, neither starting with `aws:` (checked at synth).
   * @default no tags
   */
  readonly tags?: { [key: string]: string };
}

/**
 * An ElastiCache parameter group (`AWS::ElastiCache::ParameterGroup`), validated at synth time
 * against the documented parameters of its family.
 *
 * @resource AWS::ElastiCache::ParameterGroup
 */
export class ParameterGroup extends Resource implements IParameterGroup {
  /** A cluster mode parameter group (`cluster-enabled: yes`). */
  public static forClusterMode(scope: Construct, id: string, props: ParameterGroupProps): ParameterGroup {
    return new ParameterGroup(scope, id, { ...props, clusterMode: true });
  }

  /**
   * References an existing parameter group by name. For default groups (`default.redis7`,
   * `default.valkey8.cluster.on`) the family and cluster mode are read from the name.
   */
  public static fromParameterGroupName(scope: Construct, id: string, parameterGroupName: string): IParameterGroup {
    const parsed = isUncheckable(parameterGroupName) ? undefined : parseDefaultParameterGroupName(parameterGroupName);
    if (!parsed && /^default\./.test(parameterGroupName)) {
      throw new ValidationError(scope, 'parameterGroupName', parameterGroupName,
        'a default group of a known family, default.<family> or default.<family>.cluster.on');
    }
    class Import extends Resource implements IParameterGroup {
      public readonly parameterGroupName = parameterGroupName;
      public readonly family = parsed?.family;
      public readonly clusterModeEnabled = parsed?.clusterMode;
    }
    return new Import(scope, id);
  }

  public readonly parameterGroupName: string;

  /** The parameter group family. */
  public readonly family?: string;

  /** Whether the group enables cluster mode. */
  public readonly clusterModeEnabled?: boolean;

  /** The engine version the group was created for, when given. */
  public readonly engineVersion?: EngineVersion;

  /** The underlying CloudFormation resource. */
  public readonly resource: elasticache.CfnParameterGroup;

  private readonly familyName: string;
  private readonly values: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: ParameterGroupProps) {
    super(scope, id);
    this.engineVersion = props.engineVersion;
    this.familyName = this.resolveFamily(props);
    this.family = this.familyName;
    checkText(this, 'description', props.description, 255, '');

    const explicit = props.parameters?.[CLUSTER_ENABLED];
    const clusterMode = props.clusterMode ?? explicit === 'yes';
    if (clusterMode) {
      if (!isUncheckable(this.familyName) && !familySupportsClusterMode(this.familyName)) {
        throw new ValidationError(this, 'clusterMode', true, `a family with cluster mode (Valkey, or Redis OSS 3.2.4 and later); ${this.familyName} has none`);
      }
      if (explicit !== undefined && explicit !== 'yes') {
        throw new ValidationError(this, `parameters["${CLUSTER_ENABLED}"]`, explicit, '"yes" (or leave it out) in a cluster mode group');
      }
      this.addParameter(CLUSTER_ENABLED, 'yes');
    }
    this.clusterModeEnabled = clusterMode;
    for (const [name, value] of Object.entries(props.parameters ?? {})) {
      if (!(clusterMode && name === CLUSTER_ENABLED)) this.addParameter(name, value);
    }
    // Rules across parameters (e.g. reserved-memory vs reserved-memory-percent) see every addParameter().
    this.node.addValidation({ validate: () => this.crossParameterProblems() });

    this.resource = new elasticache.CfnParameterGroup(this, 'Resource', {
      cacheParameterGroupFamily: this.familyName,
      description: props.description ?? `Parameter group for ${this.node.path}`,
      properties: Lazy.any({ produce: () => (Object.keys(this.values).length > 0 ? { ...this.values } : undefined) }),
    });
    tagResource(this, this.resource, props.tags);
    this.parameterGroupName = this.resource.ref;
  }

  /**
   * Sets a parameter, checked against the family (and the engine version, when given).
   */
  public addParameter(name: string, value: string): void {
    if (name === CLUSTER_ENABLED && this.clusterModeEnabled === true && value !== 'yes') {
      throw new ValidationError(this, `parameters["${name}"]`, value, '"yes" in a cluster mode group');
    }
    if (!isUncheckable(this.familyName) && !isUncheckable(value) && !isUncheckable(name)) {
      const problem = validateParameter(this.familyName, name, value, this.knownVersion());
      if (problem) throw new ValidationError(this, `parameters["${name}"]`, value, problem);
    }
    this.values[name] = value;
  }

  /** The parameter values set so far. */
  public get parameters(): { [name: string]: string } {
    return { ...this.values };
  }

  private resolveFamily(props: ParameterGroupProps): string {
    const { engineVersion, family } = props;
    if (engineVersion && family !== undefined) {
      if (engineVersion.parameterGroupFamily !== undefined && !isUncheckable(family) && engineVersion.parameterGroupFamily !== family) {
        throw new ValidationError(this, 'family', family,
          `the family of engineVersion ${engineVersion.engine} ${engineVersion.version} (${engineVersion.parameterGroupFamily}), or leave family out`);
      }
      return family;
    }
    if (family !== undefined) {
      if (!isUncheckable(family) && !findParameterFamily(family)) {
        throw new ValidationError(this, 'family', family, `one of ${allParameterFamilies().map((f) => f.family).join(', ')}`);
      }
      return family;
    }
    if (engineVersion?.parameterGroupFamily !== undefined) return engineVersion.parameterGroupFamily;
    throw new ValidationError(this, 'engineVersion', engineVersion?.isUnresolved ? '(unresolved token)' : undefined,
      'an engine version (or a family): a parameter group needs its family, and a token engine version does not give one');
  }

  /**
   * Problems of this group's values on a cache of the given node type and engine version that the
   * group alone cannot see: the node type's memory limits, and version rules when the group was made
   * from a family only. Problems the group reports itself are left out.
   *
   * @internal
   */
  public _problemsOnCache(nodeType: string, engineVersion: string | undefined): string[] {
    if (isUncheckable(this.familyName)) return [];
    const known = this.checkableValues();
    const own = new Set(validateParameterGroup(this.familyName, known, { engineVersion: this.knownVersion() }));
    return validateParameterGroup(this.familyName, known, { engineVersion: engineVersion ?? this.knownVersion(), nodeType })
      .filter((problem) => !own.has(problem));
  }

  private crossParameterProblems(): string[] {
    if (isUncheckable(this.familyName)) return [];
    const known = this.checkableValues();
    return validateParameterGroup(this.familyName, known, { engineVersion: this.knownVersion() })
      .map((problem) => `${this.node.path}: parameters ${JSON.stringify(known)} are not allowed together: ${problem}`);
  }

  /** The values known at synth time (tokens are checked by the service at deploy time). */
  private checkableValues(): Record<string, string> {
    return Object.fromEntries(Object.entries(this.values).filter(([, v]) => !isUncheckable(v)));
  }

  private knownVersion(): string | undefined {
    return this.engineVersion && !this.engineVersion.isUnresolved ? this.engineVersion.version : undefined;
  }
}
