/**
 * Weekly maintenance windows (`ddd:hh24:mi-ddd:hh24:mi`) and daily backup windows (`hh24:mi-hh24:mi`,
 * or a serverless `HH:MM` start), in UTC: when the next one starts after a given time. Deferred
 * modifications run at the start of the next maintenance window, automatic backups at the start
 * of the backup window.
 */

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Start of the next weekly window strictly after `after`. */
export function nextMaintenanceWindow(window: string, after: Date): Date {
  const [start] = window.toLowerCase().split('-');
  const [day, hh, mm] = start.split(':');
  const weekMinute = DAYS.indexOf(day) * 1440 + Number(hh) * 60 + Number(mm);
  const t = after.getTime();
  const d = new Date(t);
  const nowWeekMinute = d.getUTCDay() * 1440 + d.getUTCHours() * 60 + d.getUTCMinutes();
  const startOfMinute = t - (t % MINUTE);
  let delta = weekMinute - nowWeekMinute;
  if (delta <= 0) delta += 7 * 1440;
  return new Date(startOfMinute + delta * MINUTE);
}

/** Start of the next daily window (`hh:mm-hh:mm` or `hh:mm`) strictly after `after`. */
export function nextDailyWindow(window: string, after: Date): Date {
  const startMinute = minutesOf(window.split('-')[0]);
  const t = after.getTime();
  const dayStart = t - (t % DAY);
  let candidate = dayStart + startMinute * MINUTE;
  if (candidate <= t) candidate += DAY;
  return new Date(candidate);
}

/** `automatic.<cache>-YYYY-MM-DD-HH-MM`: the service's name for an automatic snapshot. */
export function automaticSnapshotName(cacheId: string, at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `automatic.${cacheId}-${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}-${pad(at.getUTCHours())}-${pad(at.getUTCMinutes())}`;
}

/** Default windows when a cache sets none: a stable slot per cache inside the Region's block. */
export function defaultDailyWindow(key: string): string {
  let hash = 0;
  for (const c of key) hash = (hash * 31 + c.charCodeAt(0)) % 1440;
  const start = (hash - (hash % 30) + 1440) % 1440;
  const end = (start + 60) % 1440;
  const fmt = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${fmt(start)}-${fmt(end)}`;
}

/** Default weekly maintenance window when a cache sets none: a stable one-hour slot per cache. */
export function defaultMaintenanceWindow(key: string): string {
  const daily = defaultDailyWindow(key);
  let hash = 0;
  for (const c of key) hash = (hash * 17 + c.charCodeAt(0)) % 7;
  const day = DAYS[hash];
  const [start, end] = daily.split('-');
  const nextDay = end < start ? DAYS[(hash + 1) % 7] : day;
  return `${day}:${start}-${nextDay}:${end}`;
}
