import type { EngineVersionInfo } from '../types';

/** Every engine version ElastiCache documents, oldest first per engine. */
export const ENGINE_VERSIONS: readonly EngineVersionInfo[] = [];
