// Times as the library keeps them: bookings are instants, opening hours are wall-clock times in the library's zone
// (from a branch's calendar), and a reader's phone may be set to any zone, so every time shown or sent goes through here.
import { api, day, t } from './app.js';

const calendars = new Map();

/** A branch's calendar from the library's today for a month: { from, timeZone, days: [{ date, open, opens, closes, reason }] }. */
export async function calendarOf(branch) {
  if (!calendars.has(branch)) {
    calendars.set(branch, api(`/api/v1/branches/${encodeURIComponent(branch)}/calendar`).then((result) => {
      if (!result.ok) calendars.delete(branch);
      return result.ok ? result.data : null;
    }));
  }
  return calendars.get(branch);
}

const formats = new Map();

function format(timeZone, options) {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  if (!formats.has(key)) formats.set(key, new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', ...options }));
  return formats.get(key);
}

function parts(instant, timeZone) {
  const all = format(timeZone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    .formatToParts(new Date(instant));
  return Object.fromEntries(all.map((part) => [part.type, part.value]));
}

/** "HH:mm" of an instant in the library's zone. */
export function clock(instant, timeZone) {
  const { hour, minute } = parts(instant, timeZone);
  return `${hour === '24' ? '00' : hour}:${minute}`;
}

/** "YYYY-MM-DD", the library's day of an instant. */
export function dateOf(instant, timeZone) {
  const { year, month, day } = parts(instant, timeZone);
  return `${year}-${month}-${day}`;
}

/** The instant of a wall-clock time ("HH:mm") on a library day, as an ISO string the API reads. */
export function instantAt(date, time, timeZone) {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  let guess = wall;
  // Twice, so that a guess that fell on the other side of a daylight-saving change settles.
  for (let i = 0; i < 2; i++) {
    const seen = parts(guess, timeZone);
    const seenWall = Date.UTC(Number(seen.year), Number(seen.month) - 1, Number(seen.day), Number(seen.hour) % 24, Number(seen.minute));
    guess += wall - seenWall;
  }
  return new Date(guess).toISOString();
}

/** Minutes since midnight of "HH:mm", and back. */
export const minutesOf = (time) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
export const timeOf = (minutes) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** "今天 09:00–13:00", "明天 …" or the date, of a booking's span in the library's zone. */
export function span(starts, ends, today, timeZone) {
  const date = dateOf(starts, timeZone);
  const when = date === today ? t('今天', 'Today') : date === nextDay(today) ? t('明天', 'Tomorrow') : day(date);
  return `${when} ${clock(starts, timeZone)}–${clock(ends, timeZone)}`;
}

/** The library day ("YYYY-MM-DD") so many days after another (before it, when negative). */
export function addDays(date, days) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function nextDay(date) {
  return addDays(date, 1);
}
