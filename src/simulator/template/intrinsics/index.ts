import { base64 } from './base64';
import { cidr } from './cidr';
import { and, equals, not, or } from './conditions';
import { findInMap } from './find-in-map';
import { getAtt } from './get-att';
import { getAzs } from './get-azs';
import { fnIf } from './if';
import { importValue } from './import-value';
import { join } from './join';
import { length } from './length';
import { ref } from './ref';
import type { IntrinsicHandler } from './scope';
import { select } from './select';
import { split } from './split';
import { sub } from './sub';
import { toJsonString } from './to-json-string';

/** One handler per intrinsic function, looked up by the single key of the object that calls it. */
export const INTRINSICS: Readonly<Record<string, IntrinsicHandler>> = {
  'Ref': ref,
  'Fn::GetAtt': getAtt,
  'Fn::Join': join,
  'Fn::Sub': sub,
  'Fn::Select': select,
  'Fn::Split': split,
  'Fn::If': fnIf,
  'Fn::Equals': equals,
  'Fn::And': and,
  'Fn::Or': or,
  'Fn::Not': not,
  'Fn::FindInMap': findInMap,
  'Fn::Base64': base64,
  'Fn::Cidr': cidr,
  'Fn::GetAZs': getAzs,
  'Fn::Length': length,
  'Fn::ToJsonString': toJsonString,
  'Fn::ImportValue': importValue,
};

export { evaluateCondition } from './conditions';
export { NO_VALUE } from './scope';
export type { IntrinsicHandler, Resolved, ResolveScope } from './scope';
