// Template layer of the simulator: input loading, intrinsic functions, evaluation.
export { AssemblyEvaluation, DEFAULT_ACCOUNT, DEFAULT_REGION, EvaluationOptions } from './assembly-evaluation';
export { loadStackSources, TemplateInput } from './input';
export { parseTemplateText, checkTemplateShape } from './parse';
export { SeededRandom } from './random';
export type { AssemblyView, ResourceTypeHandler, ResourceView, StackView } from './resource-types/handler';
export type { SecretState } from './resource-types/secrets-manager';
export { OutputResult, ResourceEvaluation, StackEvaluation } from './stack-evaluation';
export type { StackSource } from './stack-source';
export type { CfnTemplate, JsonObject, JsonValue } from './types';
