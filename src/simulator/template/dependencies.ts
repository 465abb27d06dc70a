import { validationError } from '../errors';
import { referencedNames } from './resolver';
import type { CfnTemplate } from './types';

/** Resources each resource depends on: `DependsOn` plus every `Ref`/`GetAtt`/`Sub` reference. */
export function dependencyGraph(template: CfnTemplate, stack: string): Map<string, Set<string>> {
  const ids = new Set(Object.keys(template.Resources));
  const graph = new Map<string, Set<string>>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const explicit = resource.DependsOn === undefined ? [] : ([] as string[]).concat(resource.DependsOn);
    const missing = explicit.filter((dep) => !ids.has(dep));
    if (missing.length > 0) {
      throw validationError(`Template format error: Unresolved resource dependencies [${missing.join(', ')}] in the Resources block of the template`, { stack, logicalId });
    }
    const implicit = [...referencedNames(resource.Properties ?? {})].filter((name) => ids.has(name));
    graph.set(logicalId, new Set([...explicit, ...implicit].filter((dep) => dep !== logicalId)));
  }
  return graph;
}

/**
 * The order CloudFormation creates resources in: dependencies first, template order otherwise.
 * A cycle fails as CloudFormation reports it, naming every resource caught in one.
 */
export function creationOrder(graph: Map<string, Set<string>>, stack: string): string[] {
  const remaining = new Map([...graph].map(([id, deps]) => [id, new Set(deps)]));
  const order: string[] = [];
  let progressed = true;
  while (remaining.size > 0 && progressed) {
    progressed = false;
    for (const [id, deps] of remaining) {
      if ([...deps].every((dep) => !remaining.has(dep))) {
        order.push(id);
        remaining.delete(id);
        progressed = true;
      }
    }
  }
  if (remaining.size > 0) {
    throw validationError(`Circular dependency between resources: [${[...remaining.keys()].join(', ')}]`, { stack });
  }
  return order;
}
