// The simulator's internal API (the public `Simulator` facade builds on it).
export * from './errors';
export * from './model';
export { AssemblyEvaluation, loadStackSources, parseTemplateText, SeededRandom } from './template';
export type { EvaluationOptions, StackSource, TemplateInput } from './template';
export { HostnameFormatter } from './naming/hostnames';
export { shortRegionCode, partitionOf, urlSuffixOf, availabilityZonesOf } from './naming/regions';
