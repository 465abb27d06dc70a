import type { Scalar, YAMLMap, YAMLSeq } from 'yaml';

/**
 * CloudFormation's short-form YAML tags (`!Ref`, `!GetAtt`, `!Sub`, …) rewritten to the long
 * form (`{ Ref: … }`, `{ "Fn::GetAtt": … }`), so the rest of the simulator sees one shape.
 * Every tag may stand on a scalar, a sequence or a mapping, as CloudFormation allows.
 */
const FUNCTION_TAGS = [
  'And', 'Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAtt', 'GetAZs', 'If', 'ImportValue', 'Join',
  'Length', 'Not', 'Or', 'Select', 'Split', 'Sub', 'ToJsonString', 'Transform', 'Contains',
  'EachMemberEquals', 'EachMemberIn', 'RefAll', 'ValueOf', 'ValueOfAll', 'ForEach',
];

/** `!GetAtt Res.Attr.Sub` is `["Res", "Attr.Sub"]`: the logical id ends at the first dot. */
function getAttFromString(text: string): unknown {
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

function longForm(tag: string, value: unknown): Record<string, unknown> {
  if (tag === 'Ref' || tag === 'Condition') return { [tag]: value };
  if (tag === 'GetAtt' && typeof value === 'string') return { 'Fn::GetAtt': getAttFromString(value) };
  return { [`Fn::${tag}`]: value };
}

interface CustomTag {
  tag: string;
  collection?: 'map' | 'seq';
  resolve(value: unknown): unknown;
}

function tagsFor(name: string): CustomTag[] {
  const tag = `!${name}`;
  return [
    { tag, resolve: (value: unknown) => longForm(name, value) },
    { tag, collection: 'seq', resolve: (seq: unknown) => longForm(name, (seq as YAMLSeq).toJSON()) },
    { tag, collection: 'map', resolve: (map: unknown) => longForm(name, (map as YAMLMap).toJSON()) },
  ];
}

/** The custom tags to hand to the `yaml` parser. */
export const CLOUDFORMATION_YAML_TAGS: CustomTag[] = ['Ref', 'Condition', ...FUNCTION_TAGS].flatMap(tagsFor);

/**
 * CloudFormation reads YAML numbers by their text (`EngineVersion: 6.0` stays `6.0`, not `6`);
 * plain numeric scalars keep their source text and are converted where a property wants a number.
 */
export function keepNumberSource(node: Scalar): void {
  if (typeof node.value === 'number' && typeof node.source === 'string' && node.type === 'PLAIN') {
    node.value = node.source;
  }
}
