/**
 * Error replies shared by many commands, worded exactly as redis-server 7 words them. Texts that
 * start with `-` carry their own error code; the others are sent as `-ERR <text>`.
 */
export const ERR = {
  WRONGTYPE: '-WRONGTYPE Operation against a key holding the wrong kind of value',
  SYNTAX: 'syntax error',
  NOT_INTEGER: 'value is not an integer or out of range',
  NOT_FLOAT: 'value is not a valid float',
  NO_SUCH_KEY: 'no such key',
  OUT_OF_RANGE: 'index out of range',
  OVERFLOW: 'increment or decrement would overflow',
  INVALID_DB: 'DB index is out of range',
  SAME_OBJECT: 'source and destination objects are the same',
  NOAUTH: '-NOAUTH Authentication required.',
  WRONGPASS: '-WRONGPASS invalid username-password pair or user is disabled.',
  OOM: "-OOM command not allowed when used memory > 'maxmemory'.",
  NOREPLICAS: '-NOREPLICAS Not enough good replicas to write.',
  EXECABORT: '-EXECABORT Transaction discarded because of previous errors.',
  BUSY: '-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.',
  NO_MULTI: 'Command not allowed inside a transaction',
  NOT_POSITIVE: 'value is out of range, must be positive',
  TIMEOUT_NOT_FLOAT: 'timeout is not a float or out of range',
  TIMEOUT_NEGATIVE: 'timeout is negative',
} as const;

/** `-ERR wrong number of arguments for '<name>' command`, with the full `container|sub` name. */
export function arityError(fullName: string): string {
  return `wrong number of arguments for '${fullName}' command`;
}

/** `-ERR unknown subcommand '<sub>'. Try <CONTAINER> HELP.` (the subcommand cut at 128 bytes). */
export function unknownSubcommandError(container: string, sub: string): string {
  return `unknown subcommand '${sub.slice(0, 128)}'. Try ${container.toUpperCase()} HELP.`;
}

/**
 * `-ERR unknown subcommand or wrong number of arguments for '<sub>'. Try <CONTAINER> HELP.`:
 * redis' addReplySubcommandSyntaxError, for argument counts a subcommand refuses (`%.128s`).
 */
export function subcommandSyntaxError(container: string, sub: string): string {
  return `unknown subcommand or wrong number of arguments for '${cString(sub).slice(0, 128)}'. Try ${cString(container).toUpperCase()} HELP.`;
}

/** Cuts a string at its first NUL byte, as C's `%s` does when redis formats a message. */
export function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

/**
 * `-ERR unknown command '<name>', with args beginning with: '<a>' '<b>' ` as redis builds it:
 * arguments are added while the list is shorter than 128 bytes, each cut so the list stays
 * within 128 bytes; C string semantics stop each at a NUL byte.
 */
export function unknownCommandError(argv: readonly string[]): string {
  let args = '';
  for (let i = 1; i < argv.length && args.length < 128; i++) {
    args += `'${cString(argv[i]).slice(0, 128 - args.length)}' `;
  }
  return `unknown command '${cString(argv[0]).slice(0, 128)}', with args beginning with: ${args}`;
}
