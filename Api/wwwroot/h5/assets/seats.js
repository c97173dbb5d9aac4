// The seat floor view: my seat booking and what I may do with it, how my last booking ended, the zones by branch and
// floor with their free counts, a zone's seat map on its floor grid, and booking a seat for today or tomorrow with the
// zone's default length.
import { api, busy, day, fill, h, problemText, reasonList, say, startPage, t } from './app.js';
import { calendarOf, clock, instantAt, minutesOf, span, timeOf } from './library-time.js';
import { confirmFirst } from './confirm.js';

const live = ['booked', 'checked_in', 'on_leave'];
const state = {
  zones: [], branches: new Map(), mine: null, last: null, zoneId: null, map: null, seat: null, day: 'today', start: '',
  calendar: null, reasons: [], nearest: [],
};
const sections = {};

startPage(async (root) => {
  sections.mine = h('section', { id: 'mine' });
  sections.zones = h('section', { id: 'zones' });
  sections.map = h('section', { id: 'floor' });
  fill(root, sections.mine, sections.zones, sections.map);
  await Promise.all([loadZones(), loadMine(), loadBranches()]);
  state.calendar = await calendarOf(state.mine?.branch ?? state.zones[0]?.branch ?? 'main');
  renderMine();
  renderZones();
  // The counts are live: refreshed whenever the reader comes back to the page, not polled.
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') refresh(); });
});

async function refresh() {
  await Promise.all([loadZones(), loadMine(), state.zoneId && loadMap()]);
  renderMine();
  renderZones();
  renderMap();
}

// ---- Loading ----

async function loadZones() {
  const result = await api('/api/v1/seat-zones');
  if (!result.ok) return say(problemText(result), 'bad');
  state.zones = result.data;
}

async function loadBranches() {
  const result = await api('/api/v1/branches');
  if (result.ok) for (const branch of result.data) state.branches.set(branch.code, branch);
}

async function loadMine() {
  const result = await api('/api/v1/me/seat-bookings');
  if (!result.ok) return say(problemText(result), 'bad');
  state.mine = result.data.bookings.find((booking) => live.includes(booking.status)) ?? null;
  state.last = result.data.lastEnded ?? null;
}

async function loadMap() {
  const result = await api(`/api/v1/seat-zones/${state.zoneId}/seats`);
  if (!result.ok) return say(problemText(result), 'bad');
  state.map = result.data;
}

const zone = () => state.zones.find((z) => z.id === state.zoneId);
const timeZone = () => state.calendar?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
const today = () => state.calendar?.from ?? new Date().toISOString().slice(0, 10);
/** Items grouped by a key, in the order the keys first appear. */
function groupBy(items, key) {
  const groups = new Map();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

const nowMinutes = () => minutesOf(clock(Date.now(), timeZone()));

// ---- My booking ----

// How the booking that ended last ended, as the chat's 我的座位 says it: the reader whose seat was released comes here from the notice.
const endedByReader = ['left', 'time_up', 'cancelled_by_reader'];
function lastBooking() {
  const last = state.last;
  if (!last?.ended) return null;
  return h('p', { id: 'last-booking', class: endedByReader.includes(last.endReason) ? 'meta' : 'notice warn', 'data-booking-id': last.id },
    t(`上次：${last.zone} ${last.seat}，${last.ended}`, `Last: ${last.zone} ${last.seat}, ${last.ended}`));
}

function renderMine() {
  const booking = state.mine;
  if (!booking) return fill(sections.mine, lastBooking());
  const zoneTz = timeZone();
  const statusText = {
    booked: t('已预约，待签到', 'Booked: check in on arrival'),
    checked_in: t('使用中', 'In use'),
    on_leave: t('暂离中', 'On a break'),
  }[booking.status];
  const reasons = h('div', { 'aria-live': 'polite' });
  const actions = [];
  if (booking.status === 'booked') {
    const code = h('input', { id: 'checkin-seat', name: 'seat', autocomplete: 'off', autocapitalize: 'characters', required: true });
    actions.push(h('form', { class: 'checkin', onsubmit: (event) => {
      event.preventDefault();
      change(event.submitter ?? event.currentTarget.querySelector('button'), reasons, `/${booking.id}/check-in`, { seat: code.value.trim() },
        t('已签到，祝学习愉快。', 'Checked in: enjoy your study.'));
    } },
    h('label', { for: 'checkin-seat' }, t('签到：输入座位二维码旁的编号', 'Check in: the code by the seat\'s QR code')),
    h('div', { class: 'row' }, h('span', { class: 'grow' }, code), h('button', { type: 'submit' }, t('签到', 'Check in')))));
    actions.push(h('button', { type: 'button', class: 'danger block', onclick: (event) => confirmFirst(event.currentTarget,
      t('确定取消这个座位预约？', 'Cancel this seat booking?'), t('确定取消', 'Yes, cancel'),
      () => change(event.currentTarget, reasons, `/${booking.id}`, null, t('预约已取消。', 'Booking cancelled.'), 'DELETE')) }, t('取消预约', 'Cancel booking')));
  }
  if (booking.status === 'checked_in')
    actions.push(h('button', { type: 'button', class: 'secondary', onclick: (event) => change(event.currentTarget, reasons, `/${booking.id}/leave`, null,
      t('已暂离，请按时返回。', 'On a break: come back in time.')) }, t('暂离', 'Take a break')));
  if (booking.status === 'on_leave')
    actions.push(h('button', { type: 'button', onclick: (event) => change(event.currentTarget, reasons, `/${booking.id}/return`, null,
      t('欢迎回来。', 'Welcome back.')) }, t('返回座位', 'Back at my seat')));
  if (booking.status !== 'booked')
    actions.push(h('button', { type: 'button', class: 'danger', onclick: (event) => confirmFirst(event.currentTarget,
      t('签退后座位将释放给其他读者，确定离开？', 'The seat goes to other readers once you leave. Leave now?'), t('确定签退', 'Yes, leave'),
      () => change(event.currentTarget, reasons, `/${booking.id}/finish`, null, t('已签退，座位已释放。', 'You have left: the seat is free for others.'))) },
    t('签退离开', 'Leave the seat')));
  fill(sections.mine, h('article', { class: 'card my-seat', 'data-booking-id': booking.id },
    h('h2', { id: 'mine-title' }, t('我的座位 ', 'My seat '), booking.seat),
    h('p', { class: 'row' }, h('span', { class: 'grow' }, booking.zone), h('span', { class: `badge ${booking.status === 'booked' ? 'warn' : ''}` }, statusText)),
    h('p', {}, span(booking.starts, booking.ends, today(), zoneTz)),
    booking.checkInCloses && h('p', { class: 'meta' }, t('签到时间 ', 'Check in '), clock(booking.checkInOpens, zoneTz), '–', clock(booking.checkInCloses, zoneTz),
      t('，逾时未签到将释放座位并记违约。', ': without it the seat is released and counted as a no-show.')),
    booking.leaveUntil && h('p', { class: 'meta' }, t(`请在 ${clock(booking.leaveUntil, zoneTz)} 前返回。`, `Back by ${clock(booking.leaveUntil, zoneTz)}.`)),
    reasons,
    h('div', { class: 'row actions' }, actions)), lastBooking());
}

/** A change to my booking; its refusal reasons stay on the card, in words. */
async function change(button, reasons, path, body, done, method = 'POST') {
  const intent = method === 'POST' ? `seat${path}:${JSON.stringify(body ?? {})}` : undefined;
  await busy(button, async () => {
    const result = await api(`/api/v1/me/seat-bookings${path}`, { method, body: body ?? undefined, intent });
    if (!result.ok) {
      fill(reasons, result.problem?.reasons ? reasonList(result.problem.reasons) : null);
      return say(result.problem?.reasons ? t('未能完成：', 'Not done: ') + result.problem.reasons.map((r) => r.message).join(t('；', '; ')) : problemText(result), 'warn');
    }
    say(done);
    await refresh();
  });
}

// ---- Zones by branch and floor ----

function renderZones() {
  if (state.zones.length === 0)
    return fill(sections.zones, h('h2', { id: 'zones-title' }, t('选择区域', 'Choose a zone')),
      h('p', { class: 'empty' }, t('目前没有开放的自习区域。', 'No study zone is open now.')));
  const byBranch = groupBy(state.zones, (z) => z.branch);
  fill(sections.zones, h('h2', { id: 'zones-title' }, t('选择区域', 'Choose a zone')),
    [...byBranch].map(([code, zones]) => {
      const branch = state.branches.get(code);
      const byFloor = groupBy(zones, (z) => z.floor);
      return h('div', { class: 'branch' },
        byBranch.size > 1 && h('h3', {}, branch ? t(branch.name, branch.nameEn) : code),
        [...byFloor].map(([floor, list]) => h('div', { class: 'floor-zones', role: 'group', 'aria-label': `${branch ? t(branch.name, branch.nameEn) : code} ${floor}` },
          h('p', { class: 'meta' }, floor),
          list.map(zoneButton))));
    }));
}

function zoneButton(z) {
  const counts = z.freeNow === 0 ? t('已满', 'Full') : t(`空闲 ${z.freeNow}/${z.seats}`, `${z.freeNow} of ${z.seats} free`);
  return h('button', { type: 'button', class: 'zone secondary block', 'data-zone-id': z.id, 'aria-pressed': z.id === state.zoneId ? 'true' : 'false',
    onclick: (event) => busy(event.currentTarget, () => chooseZone(z.id)) },
  h('span', { class: 'grow' }, t(z.name, z.nameEn)), h('span', { class: `badge ${z.freeNow === 0 ? 'bad' : ''}` }, counts));
}

async function chooseZone(id) {
  Object.assign(state, { zoneId: id, seat: null, reasons: [], nearest: [], start: '' });
  await loadMap();
  state.calendar = (await calendarOf(zone().branch)) ?? state.calendar;
  state.day = days()[0]?.key ?? 'today';
  renderZones();
  renderMap();
  document.getElementById('map-title')?.focus();
}

// ---- The seat map ----

function seatState(seat) {
  if (state.mine && state.mine.seat === seat.code) return 'mine';
  if (!seat.enabled) return 'off';
  return seat.taken ? 'taken' : 'free';
}

const marks = () => ({
  free: [t('空', 'F'), t('空闲', 'free')],
  taken: [t('占', 'T'), t('已占用', 'taken')],
  mine: [t('我', 'M'), t('我的座位', 'my seat')],
  off: ['×', t('停用', 'out of use')],
});

function seatButton(seat) {
  const kind = seatState(seat);
  const [mark, words] = marks()[kind];
  const features = [seat.byWindow && t('靠窗', 'by a window'), seat.hasPower && t('有电源', 'power'), seat.hasLamp && t('有台灯', 'lamp')].filter(Boolean);
  return h('button', {
    type: 'button', class: `seat ${kind}`, 'data-seat': seat.code, 'aria-pressed': seat.code === state.seat ? 'true' : 'false',
    disabled: kind !== 'free', onclick: () => chooseSeat(seat.code),
  },
  // Drawn as a letter and the seat's number; named in full ("A2-017 空闲 靠窗 有电源") for screen readers.
  h('span', { class: 'mark', 'aria-hidden': 'true' }, mark), h('span', { class: 'no', 'aria-hidden': 'true' }, seat.code.split('-').pop()),
  h('span', { class: 'visually-hidden' }, [seat.code, words, ...features].join(' ')));
}

function renderMap() {
  const z = zone();
  if (!z || !state.map) return fill(sections.map);
  const placed = state.map.seats.filter((s) => s.row !== null && s.column !== null);
  const loose = state.map.seats.filter((s) => s.row === null || s.column === null);
  const rows = Math.max(0, ...placed.map((s) => s.row));
  const columns = Math.max(0, ...placed.map((s) => s.column));
  const at = new Map(placed.map((s) => [`${s.row}:${s.column}`, s]));
  const grid = [];
  const [firstRow, firstColumn] = [Math.min(...placed.map((s) => s.row)), Math.min(...placed.map((s) => s.column))];
  for (let row = firstRow; placed.length > 0 && row <= rows; row++) {
    const cells = [];
    for (let column = firstColumn; column <= columns; column++)
      cells.push(at.has(`${row}:${column}`) ? seatButton(at.get(`${row}:${column}`)) : h('span', { class: 'aisle', 'aria-hidden': 'true' }));
    grid.push(h('div', { class: 'seat-row' }, cells));
  }
  fill(sections.map,
    h('h2', { id: 'map-title', tabindex: '-1' }, t(z.name, z.nameEn), ' · ', z.floor),
    h('p', { class: 'legend meta', 'aria-hidden': 'true' }, Object.values(marks()).map(([mark, words], i) =>
      h('span', { class: `seat-key ${Object.keys(marks())[i]}` }, h('span', { class: 'mark' }, mark), words))),
    h('p', { class: 'meta' }, z.freeNow === 0 ? t('此刻没有空座。', 'No seat is free now.') : t(`此刻 ${z.freeNow} 个空座，点选一个座位。`, `${z.freeNow} seats free now: choose one.`)),
    placed.length > 0 && h('div', { class: 'seat-map', role: 'group', 'aria-label': t('座位图', 'Seat map') }, grid),
    loose.length > 0 && h('div', { class: 'seat-list', role: 'group', 'aria-label': t('其他座位', 'Other seats') }, loose.map(seatButton)),
    bookingPanel(z));
}

function chooseSeat(code) {
  Object.assign(state, { seat: code, reasons: [], nearest: [] });
  renderMap();
  document.getElementById('book-title')?.scrollIntoView({ block: 'nearest' });
}

// ---- Booking: a day the rules allow, a start, the zone's default length ----

/** Today while the branch opens today; tomorrow when the zone books the evening before and the branch opens tomorrow. */
function days() {
  const z = zone();
  const calendar = state.calendar;
  if (!z || !calendar) return [{ key: 'today', date: today(), hours: null }];
  const [first, second] = calendar.days;
  const list = [];
  if (first?.open) list.push({ key: 'today', date: first.date, hours: first });
  if (z.rules.opensDayBefore && second?.open) list.push({ key: 'tomorrow', date: second.date, hours: second });
  return list;
}

/** Half-hour starts from now (or opening) until the shortest booking still fits before closing. */
function starts(chosen) {
  if (!chosen.hours) return [];
  const opens = minutesOf(chosen.hours.opens);
  const last = minutesOf(chosen.hours.closes) - zone().rules.minMinutes;
  let from = opens;
  if (chosen.key === 'today') from = Math.max(opens, Math.ceil((nowMinutes() + 1) / 30) * 30);
  const list = [];
  for (let minute = from; minute <= last; minute += 30) list.push(timeOf(minute));
  return list;
}

function bookingPanel(z) {
  if (state.mine)
    return h('p', { class: 'notice warn' }, t(`您已预约 ${state.mine.seat}：取消或签退后才能另约座位。`,
      `You have ${state.mine.seat} booked: cancel it or leave it before booking another seat.`));
  const available = days();
  if (available.length === 0)
    return h('p', { class: 'notice warn' }, t('本馆今天已闭馆，明天的座位暂不可预约。', 'The branch is closed today, and tomorrow cannot be booked yet.'));
  const chosen = available.find((d) => d.key === state.day) ?? available[0];
  const hours = (minutes) => (minutes % 60 === 0 ? t(`${minutes / 60} 小时`, `${minutes / 60} h`) : t(`${minutes} 分钟`, `${minutes} min`));
  const opensAt = z.rules.bookingOpensAt;
  const dayChoice = h('div', { class: 'tabs', role: 'group', 'aria-label': t('日期', 'Day') }, available.map((d) =>
    h('button', { type: 'button', 'aria-pressed': d.key === chosen.key ? 'true' : 'false', onclick: () => { state.day = d.key; state.start = ''; renderMap(); } },
      d.key === 'today' ? t('今天', 'Today') : t('明天', 'Tomorrow'), ' ', day(d.date))));
  const startSelect = h('select', { id: 'book-start', name: 'start', onchange: (event) => { state.start = event.currentTarget.value; } },
    chosen.key === 'today' && h('option', { value: '' }, t('现在起（未开馆则从开馆起）', 'From now (or from opening)')),
    starts(chosen).map((time) => h('option', { value: time, selected: time === state.start }, time)));
  const seatName = state.seat ?? t('系统推荐的空座', 'the best free seat');
  return h('div', { class: 'card book' },
    h('h2', { id: 'book-title' }, t('预约 ', 'Book '), seatName),
    dayChoice,
    (chosen.key === 'tomorrow' || !z.rules.opensDayBefore) && nowMinutes() < minutesOf(opensAt) && h('p', { class: 'meta' }, chosen.key === 'tomorrow'
      ? t(`明天的座位从今天 ${opensAt} 起可以预约。`, `Tomorrow's seats can be booked from ${opensAt} today.`)
      : t(`今天的座位从 ${opensAt} 起可以预约。`, `Today's seats can be booked from ${opensAt}.`)),
    h('label', { for: 'book-start' }, t('开始时间', 'Start')), startSelect,
    h('p', { class: 'meta' }, t(`时长 ${hours(z.rules.defaultMinutes)}，到闭馆时（${chosen.hours.closes}）为止；开始后 ${z.rules.checkinClosesMinutes} 分钟内需签到。`,
      `For ${hours(z.rules.defaultMinutes)}, until closing (${chosen.hours.closes}) at the latest; check in within ${z.rules.checkinClosesMinutes} minutes of the start.`)),
    state.reasons.length > 0 && reasonList(state.reasons),
    state.nearest.length > 0 && h('div', { class: 'nearest' },
      h('p', {}, t('附近还有这些空座：', 'These seats nearby are free:')),
      h('div', { class: 'row' }, state.nearest.map((seat) => h('button', { type: 'button', class: 'secondary', 'data-seat': seat.code,
        onclick: (event) => { state.seat = seat.code; book(event.currentTarget, chosen); } },
      t('改约 ', 'Book '), seat.code, seat.byWindow ? t(' 靠窗', ' window') : '', seat.hasPower ? t(' 有电源', ' power') : '')))),
    h('p', {}, h('button', { type: 'button', class: 'block', id: 'book-seat', onclick: (event) => book(event.currentTarget, chosen) },
      state.seat ? t(`预约 ${state.seat}`, `Book ${state.seat}`) : t('帮我选一个空座', 'Find me a free seat'))),
    state.seat && h('p', {}, h('button', { type: 'button', class: 'secondary block', onclick: () => chooseSeat(null) }, t('不挑座位，帮我选', 'Any seat will do'))));
}

async function book(button, chosen) {
  const start = document.getElementById('book-start')?.value ?? '';
  const body = state.seat ? { seat: state.seat } : { zoneId: state.zoneId };
  if (start) body.starts = instantAt(chosen.date, start, timeZone());
  else if (chosen.key === 'tomorrow') body.starts = instantAt(chosen.date, chosen.hours.opens, timeZone());
  await busy(button, async () => {
    const result = await api('/api/v1/me/seat-bookings', { method: 'POST', body, intent: `book:${JSON.stringify(body)}` });
    if (result.ok) {
      Object.assign(state, { seat: null, reasons: [], nearest: [] });
      const booking = result.data;
      say(t(`已预约 ${booking.seat}：${span(booking.starts, booking.ends, today(), timeZone())}。`,
        `Booked ${booking.seat}: ${span(booking.starts, booking.ends, today(), timeZone())}.`));
      await refresh();
      return;
    }
    if (result.problem?.nearest) {
      const seat = result.problem.seat;
      Object.assign(state, { reasons: [], nearest: result.problem.nearest, seat: null });
      await Promise.all([loadZones(), loadMap()]);
      renderZones();
      renderMap();
      return say(seat ? t(`${seat} 刚被别人抢先预约了。`, `${seat} was just taken by someone else.`)
        : t('此刻这个区域没有空座了。', 'No seat of this zone is free for that time.'), 'warn');
    }
    if (result.problem?.reasons) {
      state.reasons = result.problem.reasons;
      state.nearest = [];
      say(t('未能预约：', 'Not booked: ') + result.problem.reasons.map((r) => r.message).join(t('；', '; ')), 'warn');
      return renderMap();
    }
    say(problemText(result), 'bad');
  });
}
