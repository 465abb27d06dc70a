import type { NodeTypeInfo } from '../types';

/** Every `cache.*` node type in the documentation. */
export const NODE_TYPES: readonly NodeTypeInfo[] = [];
