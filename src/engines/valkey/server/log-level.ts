/**
 * redis' log verbosity levels (LL_DEBUG … LL_NOTHING), in the order of the `loglevel` choices: a
 * line is written when its level is at least the configured one. Lua's `redis.LOG_*` use the same
 * numbers.
 */
export const LOG_LEVEL = { DEBUG: 0, VERBOSE: 1, NOTICE: 2, WARNING: 3, NOTHING: 4 } as const;
