/**
 * Access denials of a serverless Valkey / Redis OSS cache, counted from the replies its clients
 * receive (as INFO's acl_access_denied_* counts them on a node): a failed AUTH or HELLO AUTH
 * (`-WRONGPASS`), and a command refused by the user's ACL (`-NOPERM`) for the command itself,
 * for a key or for a channel. They feed `AuthenticationFailures` and the `…AuthorizationFailures`.
 */

export type AccessDenial = 'auth' | 'command' | 'key' | 'channel';

/** Cumulative denials by kind. */
export interface AccessDenialCounts {
  readonly auth: number;
  readonly command: number;
  readonly key: number;
  readonly channel: number;
}

const WRONGPASS = Buffer.from('-WRONGPASS', 'latin1');
const NOPERM = Buffer.from('-NOPERM', 'latin1');

/** The denial a reply reports, if it is one (both the 7.0 and the 7.2+ NOPERM texts). */
export function accessDenialOf(reply: Buffer): AccessDenial | undefined {
  if (reply.length === 0 || reply[0] !== 0x2d) return undefined;
  if (reply.subarray(0, WRONGPASS.length).equals(WRONGPASS)) return 'auth';
  if (!reply.subarray(0, NOPERM.length).equals(NOPERM)) return undefined;
  const text = reply.toString('latin1', NOPERM.length, Math.min(reply.length, 200));
  if (/permissions to run the '/.test(text)) return 'command';
  if (/\bkeys?\b/.test(text)) return 'key';
  if (/\bchannels?\b/.test(text)) return 'channel';
  return undefined;
}
