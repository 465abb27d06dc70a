/** `ServerlessCache` as DescribeServerlessCaches and the serverless operations return it. */
import { endpointXml } from './common';
import type { ServerlessCacheModel } from '../../model';
import { xmlList, XmlObject } from '../http/xml';
import type { CacheRecord } from '../store/records';

export function serverlessCacheXml(record: CacheRecord): XmlObject {
  const model = record.model as ServerlessCacheModel;
  const storage = model.dataStorage;
  const ecpu = model.ecpuPerSecond;
  return {
    ServerlessCacheName: model.serverlessCacheName,
    Description: model.description,
    CreateTime: record.createdAt,
    Status: record.status,
    Engine: model.engine,
    MajorEngineVersion: model.majorEngineVersion,
    FullEngineVersion: model.fullEngineVersion,
    CacheUsageLimits: storage || ecpu ? {
      DataStorage: storage ? { Maximum: storage.maximum, Minimum: storage.minimum, Unit: storage.unit } : undefined,
      ECPUPerSecond: ecpu ? { Maximum: ecpu.maximum, Minimum: ecpu.minimum } : undefined,
    } : undefined,
    KmsKeyId: model.kmsKeyId,
    SecurityGroupIds: xmlList('SecurityGroupId', model.securityGroupIds),
    Endpoint: endpointXml(model.endpoint),
    ReaderEndpoint: endpointXml(model.readerEndpoint),
    ARN: model.arn,
    UserGroupId: model.userGroupId,
    SubnetIds: xmlList('SubnetId', model.subnetIds),
    SnapshotRetentionLimit: model.snapshotRetentionLimit,
    DailySnapshotTime: model.dailySnapshotTime,
  };
}
