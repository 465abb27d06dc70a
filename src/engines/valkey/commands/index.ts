/**
 * Every command family's table entries. A new family exports a `CommandDef[]` from its module in
 * this folder and adds it here; the command table does the rest (see ../README.md).
 */
import { CLIENT_COMMANDS } from './client';
import { COMMAND_COMMANDS } from './command';
import { CONFIG_COMMANDS } from './config';
import { CONNECTION_COMMANDS } from './connection';
import { KEY_COMMANDS } from './keys';
import { SERVER_COMMANDS } from './server';
import { STRING_COMMANDS } from './strings';
import { TRANSACTION_COMMANDS } from './transactions';
import type { CommandDef } from '../table/command';

export const ALL_COMMANDS: CommandDef[] = [
  ...CONNECTION_COMMANDS,
  ...COMMAND_COMMANDS,
  ...CONFIG_COMMANDS,
  ...CLIENT_COMMANDS,
  ...TRANSACTION_COMMANDS,
  ...SERVER_COMMANDS,
  ...STRING_COMMANDS,
  ...KEY_COMMANDS,
];
