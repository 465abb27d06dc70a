/**
 * Every resource the control plane knows, template and API-created alike, with its records; and a
 * live `Topology` view over them that the runtime reads (users and groups of RBAC caches, parameter
 * groups), so a resource created or changed through the API is what the running caches see.
 */
import type {
  CacheRecord, GlobalDatastoreRecord, ParameterGroupRecord, ResourceSource, SubnetGroupRecord, Tag, UserGroupRecord, UserRecord,
} from './records';
import { allParameterFamilies, familySupportsClusterMode } from '../../../catalog/internal';
import type {
  CacheModel, GlobalDatastoreModel, ParameterGroupModel, PropertyReportEntry, SecretModel, StackSummary, SubnetGroupModel, Topology,
  UserGroupModel, UserModel,
} from '../../model';
import { defaultParameterGroup } from '../../model/parameter-groups';
import { elastiCacheArn, environmentOf } from '../../naming/arns';
import { cacheIdOf } from '../../runtime/types';

/** The service's default parameter groups of every family (`default.valkey8`, `default.redis7.cluster.on`…). */
function defaultParameterGroups(): ParameterGroupModel[] {
  const names = allParameterFamilies().flatMap((f) => [`default.${f.family}`, ...(familySupportsClusterMode(f.family) ? [`default.${f.family}.cluster.on`] : [])]);
  return names.map((name) => defaultParameterGroup(name)).filter((g): g is ParameterGroupModel => g !== undefined);
}

export function newCacheRecord(model: CacheModel, source: ResourceSource, status: string, createdAt: Date): CacheRecord {
  return {
    model,
    source,
    status,
    createdAt,
    nodeStatus: new Map(),
    nodeCreatedAt: new Map(),
    pending: {},
    pendingReboot: new Map(),
    autoMinorVersionUpgrade: true,
    snapshottingClusterId: model.kind === 'replication-group' ? model.snapshottingClusterId : undefined,
  };
}

export class ResourceStore {
  public readonly caches: CacheRecord[] = [];
  public readonly parameterGroups: ParameterGroupRecord[] = [];
  public readonly subnetGroups: SubnetGroupRecord[] = [];
  public readonly users: UserRecord[] = [];
  public readonly userGroups: UserGroupRecord[] = [];
  public readonly globalDatastores: GlobalDatastoreRecord[] = [];
  /** Tags by resource ARN. */
  public readonly tags = new Map<string, Tag[]>();
  /** Caches deleted since the template was read (a restart with a state directory keeps them deleted). */
  public readonly deletedTemplateResources = new Set<string>();
  /** The live topology the runtime reads. */
  public readonly topology: Topology;
  /** Cache models as the template built them (a record whose model is another one was changed). */
  private readonly templateModels: ReadonlySet<CacheModel>;

  constructor(base: Topology, public readonly account: string, public readonly defaultRegion: string, now: Date) {
    for (const model of base.caches) this.caches.push(newCacheRecord(model, 'template', 'available', now));
    this.templateModels = new Set(base.caches);
    const regionOf = (origin: { region: string } | undefined) => origin?.region ?? defaultRegion;
    for (const model of base.parameterGroups) if (!model.isDefault) this.parameterGroups.push({ model, source: 'template', region: regionOf(model.origin) });
    for (const model of base.subnetGroups) this.subnetGroups.push({ model, source: 'template', region: regionOf(model.origin) });
    for (const model of base.users) this.users.push({ model, source: 'template', status: 'active' });
    for (const model of base.userGroups) this.userGroups.push({ model, source: 'template', status: 'active', pendingUserIdsToAdd: [], pendingUserIdsToRemove: [] });
    for (const model of base.globalDatastores) this.globalDatastores.push({ model, source: 'template', status: 'available' });
    // Template tags start the tag table; AddTagsToResource / RemoveTagsFromResource change it from there.
    for (const model of [...base.caches, ...base.users, ...base.userGroups]) this.setTags(model.arn, model.tags ?? []);
    for (const g of this.parameterGroups) this.setTags(elastiCacheArn(environmentOf(account, g.region), 'parametergroup', g.model.name), g.model.tags ?? []);
    for (const g of this.subnetGroups) this.setTags(elastiCacheArn(environmentOf(account, g.region), 'subnetgroup', g.model.name), g.model.tags ?? []);
    const defaults = defaultParameterGroups();
    this.topology = liveTopology(this, base, defaults);
  }

  public cacheRecord(id: string, region: string, kinds?: readonly CacheModel['kind'][]): CacheRecord | undefined {
    const wanted = id.toLowerCase();
    return this.caches.find((r) => cacheIdOf(r.model) === wanted && r.model.origin.region === region && (!kinds || kinds.includes(r.model.kind)));
  }

  /** True for a cache model exactly as the template built it. */
  public isTemplateModel(model: CacheModel): boolean {
    return this.templateModels.has(model);
  }

  public cachesIn(region: string): CacheRecord[] {
    return this.caches.filter((r) => r.model.origin.region === region);
  }

  /** A service default group or a group of the region. */
  public parameterGroup(name: string, region: string): ParameterGroupModel | undefined {
    const wanted = name.toLowerCase();
    return this.parameterGroups.find((g) => g.model.name === wanted && g.region === region)?.model ?? defaultParameterGroup(name);
  }

  public subnetGroup(name: string, region: string): SubnetGroupRecord | undefined {
    return this.subnetGroups.find((g) => g.model.name === name.toLowerCase() && g.region === region);
  }

  public user(userId: string, region: string): UserRecord | undefined {
    return this.users.find((u) => u.model.userId.toLowerCase() === userId.toLowerCase() && u.model.origin.region === region);
  }

  public userGroup(id: string, region: string): UserGroupRecord | undefined {
    return this.userGroups.find((g) => g.model.userGroupId.toLowerCase() === id.toLowerCase() && g.model.origin.region === region);
  }

  public globalDatastore(id: string): GlobalDatastoreRecord | undefined {
    return this.globalDatastores.find((g) => g.model.globalReplicationGroupId === id.toLowerCase());
  }

  public tagsOf(arn: string): Tag[] {
    return this.tags.get(arn) ?? [];
  }

  public setTags(arn: string, tags: readonly Tag[]): void {
    if (tags.length === 0) this.tags.delete(arn);
    else this.tags.set(arn, [...tags]);
  }

  public removeCache(record: CacheRecord): void {
    this.caches.splice(this.caches.indexOf(record), 1);
    this.tags.delete(record.model.arn);
    if (record.source === 'template') this.deletedTemplateResources.add(record.model.arn);
  }
}

/** A `Topology` whose lists are read from the store on every access. */
function liveTopology(store: ResourceStore, base: Topology, defaults: ParameterGroupModel[]): Topology {
  return {
    get seed(): string { return base.seed; },
    get stacks(): readonly StackSummary[] { return base.stacks; },
    get caches(): readonly CacheModel[] { return store.caches.map((r) => r.model); },
    get users(): readonly UserModel[] { return store.users.map((r) => r.model); },
    get userGroups(): readonly UserGroupModel[] { return store.userGroups.map((r) => r.model); },
    get parameterGroups(): readonly ParameterGroupModel[] {
      const used = new Set(store.caches.map((r) => ('parameterGroupName' in r.model ? r.model.parameterGroupName : '')));
      return [...store.parameterGroups.map((r) => r.model), ...defaults.filter((g) => used.has(g.name))];
    },
    get subnetGroups(): readonly SubnetGroupModel[] { return store.subnetGroups.map((r) => r.model); },
    get secrets(): readonly SecretModel[] { return base.secrets; },
    get globalDatastores(): readonly GlobalDatastoreModel[] { return store.globalDatastores.map((r) => r.model); },
    get propertyReport(): readonly PropertyReportEntry[] { return base.propertyReport; },
    get warnings(): readonly string[] { return base.warnings; },
  };
}

/** Every default parameter group (the Describe operations list them with the region's groups). */
export const DEFAULT_PARAMETER_GROUPS: () => ParameterGroupModel[] = defaultParameterGroups;
