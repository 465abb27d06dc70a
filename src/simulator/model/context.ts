import type { JsonValue, ResourceTypeHandler, ResourceView } from '../template';
import { PropertyReader } from './property-reader';
import { RESOURCE_SCHEMAS } from './property-schemas';
import type { CacheModel, GlobalDatastoreModel, Origin, PropertyReportEntry, UserGroupModel, UserModel } from './types';

/** Where a resource sits, for the model objects built from it. */
export function originOf(resource: ResourceView): Origin {
  return {
    stack: resource.stack.path,
    logicalId: resource.logicalId,
    resourceType: resource.type,
    account: resource.stack.env.account,
    region: resource.stack.env.region,
  };
}

/**
 * What the ElastiCache resource handlers build while the templates are evaluated: caches, users,
 * groups and the report of what each property does, in creation order.
 */
export class ModelContext {
  public readonly caches: CacheModel[] = [];
  public readonly users: UserModel[] = [];
  public readonly userGroups: UserGroupModel[] = [];
  public readonly globalDatastores: GlobalDatastoreModel[] = [];
  public readonly propertyReport: PropertyReportEntry[] = [];
  public readonly warnings: string[] = [];

  /** @param createdAt when the simulated resources were created (their `CreateTime`). */
  constructor(public readonly createdAt: Date = new Date()) {}

  /** Reads a resource's properties against its schema and records what each property does. */
  public read(resource: ResourceView): PropertyReader {
    const schema = RESOURCE_SCHEMAS[resource.type];
    const reader = new PropertyReader(resource, schema);
    for (const property of reader.names) {
      const rule = schema.properties[property];
      this.propertyReport.push({
        stack: resource.stack.path,
        logicalId: resource.logicalId,
        resourceType: resource.type,
        property,
        treatment: rule.treatment,
        note: rule.note,
      });
    }
    return reader;
  }

  public warn(resource: ResourceView, message: string): void {
    const text = `${resource.stack.path}/${resource.logicalId}: ${message}`;
    this.warnings.push(text);
    resource.stack.assembly.warn(text);
  }
}

/**
 * The handler of an ElastiCache type: creating the resource builds its model object, which then
 * answers `Ref` and `Fn::GetAtt`. Failures stop the simulation, as they stop a deployment.
 */
export function modelHandler<T>(
  context: ModelContext,
  create: (context: ModelContext, resource: ResourceView) => T,
  physicalId: (model: T) => string,
  attribute: (model: T, name: string) => JsonValue | undefined = () => undefined,
): ResourceTypeHandler {
  return {
    essential: true,
    create: (resource) => create(context, resource),
    physicalId: (resource) => physicalId(resource.state() as T),
    attribute: (resource, name) => attribute(resource.state() as T, name),
  };
}
