/**
 * Every command family's table entries. A new family exports a `CommandDef[]` from its module in
 * this folder and adds it here; the command table does the rest (see ../README.md).
 */
import { ACL_COMMANDS } from './acl';
import { BITMAP_COMMANDS } from './bitmaps';
import { CLIENT_COMMANDS } from './client';
import { COMMAND_COMMANDS } from './command';
import { CONFIG_COMMANDS } from './config';
import { CONNECTION_COMMANDS } from './connection';
import { DUMP_COMMANDS } from './dump-restore';
import { GEO_COMMANDS } from './geo';
import { HASH_COMMANDS } from './hashes';
import { HLL_COMMANDS } from './hyperloglog';
import { INTROSPECTION_COMMANDS } from './introspection';
import { KEY_COMMANDS } from './keys';
import { LIST_COMMANDS } from './lists';
import { BLOCKING_LIST_COMMANDS } from './lists-blocking';
import { PERSISTENCE_COMMANDS, setupPersistence } from './persistence';
import { PUBSUB_COMMANDS } from './pubsub';
import { SCRIPTING_COMMANDS } from './scripting';
import { SERVER_COMMANDS } from './server';
import { SET_COMMANDS } from './sets';
import { SET_ALGEBRA_COMMANDS } from './sets-algebra';
import { SORT_COMMANDS } from './sort';
import { setupStreams, STREAM_COMMANDS } from './streams';
import { STRING_COMMANDS } from './strings';
import { TRACKING_COMMANDS } from './tracking';
import { TRANSACTION_COMMANDS } from './transactions';
import { ZSET_COMMANDS } from './zsets';
import { setupAcl } from '../acl/acl';
import { CLUSTER_COMMANDS, setupCluster } from '../cluster';
import { setupPubSubDelivery } from '../pubsub/delivery';
import type { ValkeyServer } from '../server/server';
import type { CommandDef } from '../table/command';
import { setupTracking } from '../tracking/tracking';

export const ALL_COMMANDS: CommandDef[] = [
  ...CONNECTION_COMMANDS,
  ...COMMAND_COMMANDS,
  ...CONFIG_COMMANDS,
  ...CLIENT_COMMANDS,
  ...TRANSACTION_COMMANDS,
  ...ACL_COMMANDS,
  ...PUBSUB_COMMANDS,
  ...TRACKING_COMMANDS,
  ...SERVER_COMMANDS,
  ...INTROSPECTION_COMMANDS,
  ...STRING_COMMANDS,
  ...BITMAP_COMMANDS,
  ...KEY_COMMANDS,
  ...SCRIPTING_COMMANDS,
  ...ZSET_COMMANDS,
  ...LIST_COMMANDS,
  ...BLOCKING_LIST_COMMANDS,
  ...HASH_COMMANDS,
  ...SET_COMMANDS,
  ...SET_ALGEBRA_COMMANDS,
  ...CLUSTER_COMMANDS,
  ...STREAM_COMMANDS,
  ...DUMP_COMMANDS,
  ...PERSISTENCE_COMMANDS,
  ...SORT_COMMANDS,
  ...HLL_COMMANDS,
  ...GEO_COMMANDS,
];

/**
 * Per-server setup of families that keep state or install server hooks (ACL users, client
 * tracking…); the server runs each once, at the end of its constructor.
 */
export const FAMILY_SETUPS: ((server: ValkeyServer) => void)[] = [
  setupAcl,
  setupTracking,
  setupPubSubDelivery,
  setupCluster,
  setupStreams,
  setupPersistence,
];
