/**
 * Users as ACL LIST and ACL GETUSER show them. Redis 7.0 rebuilds the command rules from the
 * permission bits (ACLDescribeSelectorCommandRules: `+@all`/`-@all`, then the best-fitting
 * categories, then single commands); 7.2 shows the command rules as they were written.
 */
import { SELECTOR, KEY_PERM, Selector, KeyPattern } from './selector';
import { User, USER_FLAG_NAMES } from './user';
import { ACL_CATEGORIES } from '../table/flags';

/** Which describe algorithm to use. */
export type DescribeStyle = '7.0' | '7.2';

function patternString(p: KeyPattern): string {
  if (p.flags === KEY_PERM.ALL) return '~' + p.pattern;
  if (p.flags === KEY_PERM.READ) return '%R~' + p.pattern;
  return '%W~' + p.pattern;
}

/** Counts the commands of a category that are allowed (on) and refused (off) in `sel`. */
function countCategory(sel: Selector, bit: number): { on: number; off: number } {
  const mask = 1 << bit;
  let on = 0;
  let off = 0;
  for (const cmd of sel.universe.all) {
    if (!(cmd.categories & mask)) continue;
    if (sel.getBit(cmd.id)) on++;
    else off++;
  }
  return { on, off };
}

/** Redis 7.0's reconstruction of the command rules from the permission bits. */
function describeCommandsFromBits(sel: Selector): string {
  const universe = sel.universe;
  const fake = new Selector(universe, 0);
  const additive = !sel.allowsFutureCommands;
  const rules: string[] = [additive ? '-@all' : '+@all'];
  fake.setAll(!additive);

  // Best-fit categories, applied to a scratch copy so later choices see what is left.
  const temp = new Selector(universe, 0);
  temp.allowed.set(sel.allowed);
  const applied = new Array<boolean>(ACL_CATEGORIES.length).fill(false);
  for (;;) {
    let best = -1;
    let minDiff = Number.MAX_SAFE_INTEGER;
    let maxSame = 0;
    for (let j = 0; j < ACL_CATEGORIES.length; j++) {
      if (applied[j]) continue;
      const { on, off } = countCategory(temp, j);
      const diff = additive ? off : on;
      const same = additive ? on : off;
      if (same > diff && (diff < minDiff || (diff === minDiff && same > maxSame))) {
        best = j;
        minDiff = diff;
        maxSame = same;
      }
    }
    if (best < 0) break;
    fake.changeCategory(best, additive);
    temp.changeCategory(best, !additive);
    rules.push((additive ? '+@' : '-@') + ACL_CATEGORIES[best]);
    applied[best] = true;
  }

  // Single commands (and first-args) make the bitmap exact.
  for (const cmd of universe.commands) {
    const levels = cmd.subcommands ? [cmd, ...cmd.subcommands.values()] : [cmd];
    for (const c of levels) {
      const userBit = sel.getBit(c.id);
      if (userBit !== fake.getBit(c.id)) {
        rules.push((userBit ? '+' : '-') + c.fullName);
        fake.changePerm(c, userBit);
      }
    }
    const firstArgs = sel.firstArgs?.get(cmd.id);
    if (!sel.getBit(cmd.id) && firstArgs) {
      for (const arg of firstArgs) rules.push(`+${cmd.fullName}|${arg}`);
    }
  }
  return rules.join(' ');
}

/** The command rules of a selector (ACLDescribeSelectorCommandRules). */
export function describeCommands(sel: Selector, style: DescribeStyle): string {
  if (style === '7.0') return describeCommandsFromBits(sel);
  const start = sel.allowsFutureCommands ? '+@all' : '-@all';
  return sel.commandRules === '' ? start : `${start} ${sel.commandRules}`;
}

/** Key patterns as GETUSER's `keys` field shows them. */
export function describeKeys(sel: Selector): string {
  if (sel.flags & SELECTOR.ALLKEYS) return '~*';
  return sel.patterns.map(patternString).join(' ');
}

/** Channel patterns as GETUSER's `channels` field shows them. */
export function describeChannels(sel: Selector): string {
  if (sel.flags & SELECTOR.ALLCHANNELS) return '&*';
  return sel.channels.map((c) => '&' + c).join(' ');
}

/** One selector in ACL LIST form (ACLDescribeSelector). */
function describeSelector(sel: Selector, style: DescribeStyle): string {
  let out = '';
  if (sel.flags & SELECTOR.ALLKEYS) out += '~* ';
  else for (const p of sel.patterns) out += patternString(p) + ' ';
  if (sel.flags & SELECTOR.ALLCHANNELS) {
    out += '&* ';
  } else {
    out += 'resetchannels ';
    for (const ch of sel.channels) out += '&' + ch + ' ';
  }
  return out + describeCommands(sel, style);
}

/** The user's rules after its name in ACL LIST (ACLDescribeUser). */
export function describeUser(u: User, style: DescribeStyle): string {
  let out = '';
  for (const [name, flag] of USER_FLAG_NAMES) if (u.flags & flag) out += name + ' ';
  for (const p of u.passwords) out += '#' + p + ' ';
  u.selectors.forEach((sel, i) => {
    const text = describeSelector(sel, style);
    out += i === 0 ? text : ` (${text})`;
  });
  return out;
}
