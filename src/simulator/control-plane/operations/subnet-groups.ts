/**
 * Subnet groups: CreateCacheSubnetGroup, DescribeCacheSubnetGroups, ModifyCacheSubnetGroup,
 * DeleteCacheSubnetGroup. Groups are built by the model's handler (subnet count rules); subnets
 * keep the zone the template shows for them, else none (the simulator has no VPC).
 */
import type { SubnetGroupModel } from '../../model';
import { elastiCacheArn, environmentOf } from '../../naming/arns';
import { recordEvent, ServiceContext } from '../context';
import { Actions } from './common';
import { paginate } from './pagination';
import { mergeTags, tagsOf } from './tag-rules';
import { ApiError, API_ERRORS } from '../http/errors';
import { members, xmlList, XmlObject } from '../http/xml';
import { buildThroughModel } from '../store/api-resource';
import type { SubnetGroupRecord } from '../store/records';

function subnetGroupXml(ctx: ServiceContext, record: SubnetGroupRecord): XmlObject {
  const group = record.model;
  return {
    CacheSubnetGroupName: group.name,
    CacheSubnetGroupDescription: group.description,
    Subnets: xmlList('Subnet', group.subnetIds.map((id, i) => ({
      SubnetIdentifier: id,
      SubnetAvailabilityZone: group.availabilityZones[i] === undefined ? undefined : { Name: group.availabilityZones[i] },
      SupportedNetworkTypes: members(['ipv4']),
    }))),
    ARN: elastiCacheArn(environmentOf(ctx.store.account, record.region), 'subnetgroup', group.name),
    SupportedNetworkTypes: members(['ipv4']),
  };
}

function build(ctx: ServiceContext, region: string, name: string, description: string, subnetIds: readonly string[]): SubnetGroupModel {
  return buildThroughModel<SubnetGroupModel>(ctx.store, ctx.seed, {
    type: 'AWS::ElastiCache::SubnetGroup',
    id: name,
    region,
    properties: { CacheSubnetGroupName: name, Description: description, SubnetIds: [...subnetIds] },
  }, ctx.clock.now()).model;
}

function requireGroup(ctx: ServiceContext, name: string, region: string): SubnetGroupRecord {
  return ctx.store.subnetGroup(name, region) ?? (() => { throw API_ERRORS.subnetGroupNotFound(name); })();
}

export function subnetGroupActions(ctx: ServiceContext): Actions {
  return {
    CreateCacheSubnetGroup: ({ params, region }) => {
      const name = params.requiredString('CacheSubnetGroupName');
      const description = params.requiredString('CacheSubnetGroupDescription');
      if (ctx.store.subnetGroup(name, region)) throw new ApiError('CacheSubnetGroupAlreadyExists', `Cache subnet group ${name.toLowerCase()} already exists.`);
      const tags = mergeTags([], tagsOf(params));
      const record: SubnetGroupRecord = { model: build(ctx, region, name, description, params.stringList('SubnetIds') ?? []), source: 'api', region };
      ctx.store.subnetGroups.push(record);
      ctx.store.setTags(subnetGroupXml(ctx, record).ARN as string, tags);
      return { CacheSubnetGroup: subnetGroupXml(ctx, record) };
    },

    DescribeCacheSubnetGroups: ({ params, region }) => {
      const name = params.string('CacheSubnetGroupName');
      const groups = name === undefined ? ctx.store.subnetGroups.filter((g) => g.region === region) : [requireGroup(ctx, name, region)];
      const { page, marker } = paginate(groups, params);
      return { Marker: marker, CacheSubnetGroups: xmlList('CacheSubnetGroup', page.map((g) => subnetGroupXml(ctx, g))) };
    },

    ModifyCacheSubnetGroup: ({ params, region }) => {
      const record = requireGroup(ctx, params.requiredString('CacheSubnetGroupName'), region);
      const description = params.string('CacheSubnetGroupDescription') ?? record.model.description;
      const subnetIds = params.stringList('SubnetIds') ?? record.model.subnetIds;
      record.model = { ...build(ctx, region, record.model.name, description, subnetIds), origin: record.model.origin };
      if (record.source === 'template') record.changed = true;
      recordEvent(ctx, record.model.name, 'cache-subnet-group', `Cache subnet group ${record.model.name} modified`);
      return { CacheSubnetGroup: subnetGroupXml(ctx, record) };
    },

    DeleteCacheSubnetGroup: ({ params, region }) => {
      const record = requireGroup(ctx, params.requiredString('CacheSubnetGroupName'), region);
      const inUse = ctx.store.cachesIn(region).some((r) => r.model.kind !== 'serverless' && r.model.subnetGroupName === record.model.name);
      if (inUse) throw new ApiError('CacheSubnetGroupInUse', `Cache subnet group ${record.model.name} is in use.`);
      ctx.store.subnetGroups.splice(ctx.store.subnetGroups.indexOf(record), 1);
      ctx.store.tags.delete(subnetGroupXml(ctx, record).ARN as string);
      recordEvent(ctx, record.model.name, 'cache-subnet-group', `Cache subnet group ${record.model.name} deleted`);
      return undefined;
    },
  };
}
