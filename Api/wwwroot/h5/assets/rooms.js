// Study rooms: the booking a notice links to (?booking=ID) first with its actions, invitations waiting for my answer,
// the day's availability grid (rooms × half-hour slots) with a day switcher, booking a room with companions by card
// number, and my room bookings.
import { api, busy, day, fill, h, problemText, reasonList, say, startPage, t } from './app.js';
import { addDays, calendarOf, clock, span } from './library-time.js';
import { confirmFirst } from './confirm.js';

const live = ['pending', 'awaiting_approval', 'confirmed', 'checked_in'];
const focusId = Number(new URLSearchParams(location.search).get('booking')) || null;
const state = { bookings: [], grid: null, date: null, calendar: null, choice: null, reasons: [], nextFree: [] };
const sections = {};

startPage(async (root) => {
  for (const name of ['focus', 'invitations', 'grid', 'mine']) sections[name] = h('section', { id: name });
  fill(root, sections.focus, sections.invitations, sections.grid, sections.mine);
  await Promise.all([loadBookings(), loadGrid()]);
  state.calendar = await calendarOf(state.bookings[0]?.branch ?? state.grid?.rooms[0]?.room.branch ?? 'main');
  state.date = state.grid?.date ?? state.calendar?.from;
  renderBookings();
  renderGrid();
  if (focusId) document.getElementById('focus-title')?.focus();
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') refresh(); });
});

async function refresh() {
  await Promise.all([loadBookings(), loadGrid()]);
  renderBookings();
  renderGrid();
}

async function loadBookings() {
  const result = await api('/api/v1/me/room-bookings');
  if (!result.ok) return say(problemText(result), 'bad');
  state.bookings = result.data.bookings;
}

async function loadGrid() {
  const result = await api(`/api/v1/rooms/availability${state.date ? `?date=${state.date}` : ''}`);
  if (!result.ok) return say(problemText(result), 'bad');
  state.grid = result.data;
  // A page left open past midnight asks for what is now yesterday: it shows today instead.
  const { lastBookableDate: last, daysAhead } = result.data;
  if (state.date && last && state.date < addDays(last, -daysAhead)) {
    Object.assign(state, { date: null, choice: null, reasons: [], nextFree: [] });
    await loadGrid();
    state.date = state.grid?.date ?? null;
  }
}

const timeZone = () => state.calendar?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
const today = () => state.calendar?.from ?? state.grid?.date;

// ---- Bookings: the one a notice opened, invitations to answer, then mine ----

const statusText = (status) => ({
  pending: t('待同伴确认', 'Waiting for the group'),
  awaiting_approval: t('待馆员审批', 'Awaiting approval'),
  confirmed: t('已确认', 'Confirmed'),
  checked_in: t('使用中', 'In use'),
  finished: t('已结束', 'Finished'),
  cancelled: t('已取消', 'Cancelled'),
  lapsed: t('人数未确认足，已失效', 'Lapsed: too few confirmed'),
  rejected: t('未通过审批', 'Not approved'),
  released: t('未签到，已释放', 'Released: no check-in'),
}[status] ?? status);

const answerText = (member) => (member.role === 'organiser' ? t('发起人', 'organiser')
  : { confirmed: t('已确认', 'confirmed'), invited: t('未回复', 'no answer yet'), declined: t('已谢绝', 'declined') }[member.status] ?? member.status);

const isInvitation = (b) => b.myRole === 'companion' && b.myAnswer === 'invited' && live.includes(b.status);

function renderBookings() {
  const focus = focusId ? state.bookings.find((b) => b.id === focusId) : null;
  fill(sections.focus, focusId && h('div', {},
    h('h2', { id: 'focus-title', tabindex: '-1' }, isInvitation(focus ?? {}) ? t('邀请您参加', 'You are invited') : t('此预约', 'This booking')),
    focus ? bookingCard(focus, 'focus') : h('p', { class: 'notice warn' },
      t('没有找到这个预约：它可能已结束一周以上，或您不在其中。', 'This booking was not found: it may have ended over a week ago, or you are not in it.'))));
  const invitations = state.bookings.filter((b) => isInvitation(b) && b.id !== focusId);
  fill(sections.invitations, invitations.length > 0 && [h('h2', {}, t('待回复的邀请', 'Invitations to answer')), invitations.map((b) => bookingCard(b))]);
  const mine = state.bookings.filter((b) => !isInvitation(b) && b.id !== focusId);
  fill(sections.mine, h('h2', {}, t('我的研讨室预约', 'My room bookings')),
    mine.length === 0 ? h('p', { class: 'empty' }, t('最近一周没有研讨室预约。', 'No room bookings in the last week.')) : mine.map((b) => bookingCard(b)));
}

function bookingCard(b, kind = '') {
  const tz = timeZone();
  const reasons = h('div', { 'aria-live': 'polite' });
  const actions = [];
  if (isInvitation(b)) {
    actions.push(h('button', { type: 'button', class: 'confirm', onclick: (event) => change(event.currentTarget, reasons, `/${b.id}/confirm`,
      t('已确认参加。', 'You have confirmed.')) }, t('确认参加', 'Confirm')));
    actions.push(h('button', { type: 'button', class: 'secondary decline', onclick: (event) => change(event.currentTarget, reasons, `/${b.id}/decline`,
      t('已谢绝邀请。', 'You have declined.')) }, t('谢绝', 'Decline')));
  }
  if (b.status === 'confirmed' && b.myAnswer === 'confirmed') {
    const id = `room-code-${b.id}-${kind}`;
    const code = h('input', { id, name: 'room', autocomplete: 'off', autocapitalize: 'characters', required: true });
    actions.push(h('form', { class: 'checkin', onsubmit: (event) => {
      event.preventDefault();
      change(event.currentTarget.querySelector('button'), reasons, `/${b.id}/check-in`, t('已签到。', 'Checked in.'), { room: code.value.trim() });
    } },
    h('label', { for: id }, t('签到：输入门口二维码旁的房间号', 'Check in: the code by the door\'s QR code')),
    h('div', { class: 'row' }, h('span', { class: 'grow' }, code), h('button', { type: 'submit' }, t('签到', 'Check in')))));
  }
  if (b.myRole === 'organiser' && ['pending', 'awaiting_approval', 'confirmed'].includes(b.status))
    actions.push(h('button', { type: 'button', class: 'danger', onclick: (event) => confirmFirst(event.currentTarget,
      t('取消后同伴都会收到通知，确定取消？', 'Everyone in the group will be told. Cancel the booking?'), t('确定取消', 'Yes, cancel'),
      () => change(event.currentTarget, reasons, `/${b.id}`, t('预约已取消，同伴会收到通知。', 'Booking cancelled: the group is told.'), undefined, 'DELETE')) },
    t('取消预约', 'Cancel booking')));
  const confirmed = b.members.filter((m) => m.status === 'confirmed').length;
  return h('article', { class: `card room-booking ${kind}`, 'data-booking-id': b.id },
    h('h3', {}, b.roomName, ' ', h('span', { class: 'meta' }, b.room)),
    h('p', { class: 'row' }, h('span', { class: 'grow' }, span(b.starts, b.ends, today(), tz)),
      h('span', { class: `badge ${['pending', 'awaiting_approval'].includes(b.status) ? 'warn' : live.includes(b.status) ? '' : 'bad'}` }, statusText(b.status))),
    b.topic && h('p', { class: 'meta' }, t('主题：', 'Topic: '), b.topic),
    b.confirmBy && h('p', { class: 'meta' }, t(`需在 ${clock(b.confirmBy, tz)} 前确认，已确认 ${confirmed} 人。`,
      `To be confirmed by ${clock(b.confirmBy, tz)}; ${confirmed} confirmed so far.`)),
    b.checkInCloses && h('p', { class: 'meta' }, t('签到时间 ', 'Check in '), clock(b.checkInOpens, tz), '–', clock(b.checkInCloses, tz)),
    b.decisionNote && h('p', { class: 'meta' }, t('馆员备注：', 'Staff note: '), b.decisionNote),
    h('ul', { class: 'members', 'aria-label': t('成员', 'Group') }, b.members.map((m) =>
      h('li', { 'data-status': m.status }, m.name, m.me ? t('（我）', ' (me)') : '', ' ', h('span', { class: 'meta' }, m.cardNumber, ' · ', answerText(m))))),
    reasons,
    actions.length > 0 && h('div', { class: 'row actions' }, actions));
}

async function change(button, reasons, path, done, body, method = 'POST') {
  const intent = method === 'POST' ? `room${path}:${JSON.stringify(body ?? {})}` : undefined;
  await busy(button, async () => {
    const result = await api(`/api/v1/me/room-bookings${path}`, { method, body, intent });
    if (!result.ok) {
      fill(reasons, result.problem?.reasons ? reasonList(result.problem.reasons) : null);
      return say(result.problem?.reasons ? t('未能完成：', 'Not done: ') + result.problem.reasons.map((r) => r.message).join(t('；', '; ')) : problemText(result), 'warn');
    }
    say(done);
    await refresh();
  });
}

// ---- The availability grid ----

const marks = () => ({
  free: [t('空', 'F'), t('空闲', 'free')],
  taken: [t('满', 'T'), t('已约', 'taken')],
  blocked: [t('停', 'B'), t('暂停开放', 'blocked')],
  closed: ['–', t('不可约', 'not bookable')],
});

// The days one may book, as the server's room rules have them: its today to the last bookable day, no more.
function dayTabs() {
  const { lastBookableDate: last, daysAhead } = state.grid ?? {};
  if (!last) return null;
  const dates = Array.from({ length: daysAhead + 1 }, (_, i) => addDays(last, i - daysAhead));
  const closed = new Set((state.calendar?.days ?? []).filter((d) => !d.open).map((d) => d.date));
  return h('div', { class: 'tabs', role: 'group', 'aria-label': t('日期', 'Day') }, dates.map((date, i) =>
    h('button', { type: 'button', 'aria-pressed': date === state.date ? 'true' : 'false', 'data-date': date,
      onclick: (event) => busy(event.currentTarget, () => chooseDay(date)) },
    i === 0 ? t('今天', 'Today') : i === 1 ? t('明天', 'Tomorrow') : day(date), closed.has(date) ? t('（闭馆）', ' (closed)') : '')));
}

async function chooseDay(date) {
  Object.assign(state, { date, choice: null, reasons: [], nextFree: [] });
  await loadGrid();
  renderGrid();
}

function renderGrid() {
  const grid = state.grid;
  if (!grid) return fill(sections.grid);
  const tz = timeZone();
  const starts = [...new Set(grid.rooms.flatMap((r) => r.slots.map((s) => Date.parse(s.starts))))].sort((a, b) => a - b);
  const scroller = starts.length === 0 ? h('p', { class: 'empty' }, t('这一天没有可预约的研讨室（闭馆或没有开放的房间）。', 'No room can be booked that day (closed, or no room open).'))
    : h('div', { class: 'room-grid', role: 'region', 'aria-label': t('研讨室空闲情况', 'Room availability'), tabindex: '0' },
      h('table', {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('房间', 'Room')), starts.map((at) => h('th', { scope: 'col' }, clock(at, tz))))),
        h('tbody', {}, grid.rooms.filter((r) => r.slots.length > 0).map((r) => {
          const byStart = new Map(r.slots.map((s) => [Date.parse(s.starts), s]));
          return h('tr', {},
            h('th', { scope: 'row' }, t(r.room.name, r.room.nameEn), h('span', { class: 'meta' }, `${r.room.floor} · ${t(`${r.room.capacity} 人`, `${r.room.capacity} people`)}`)),
            starts.map((at) => slotCell(r.room, byStart.get(at), tz)));
        }))));
  const previous = sections.grid.querySelector('.room-grid');
  const keep = previous && previous.dataset.date === grid.date ? previous.scrollLeft : null;
  scroller.dataset.date = grid.date;
  fill(sections.grid,
    h('h2', {}, t('预约研讨室', 'Book a room')),
    dayTabs(),
    h('p', { class: 'legend meta', 'aria-hidden': 'true' }, Object.entries(marks()).map(([kind, [mark, words]]) =>
      h('span', { class: `slot-key ${kind}` }, h('span', { class: 'mark' }, mark), words))),
    scroller,
    bookingForm());
  // Opened on a phone, the grid shows the first bookable slot rather than the morning already past.
  const first = scroller.querySelector('td.slot.free');
  if (keep !== null) scroller.scrollLeft = keep;
  else if (first) scroller.scrollLeft = first.offsetLeft - scroller.querySelector('th[scope=row]').offsetWidth;
}

function slotCell(room, slot, tz) {
  if (!slot) return h('td', {});
  const [mark, words] = marks()[slot.state] ?? marks().closed;
  const when = `${clock(slot.starts, tz)}–${clock(slot.ends, tz)}`;
  const chosen = state.choice && state.choice.room.id === room.id && Date.parse(state.choice.starts) <= Date.parse(slot.starts)
    && Date.parse(slot.starts) < Date.parse(state.choice.starts) + state.choice.minutes * 60_000;
  if (slot.state !== 'free')
    return h('td', { class: `slot ${slot.state}` }, h('span', { 'aria-hidden': 'true' }, mark), h('span', { class: 'visually-hidden' }, `${when} ${words}`));
  return h('td', { class: 'slot free' }, h('button', { type: 'button', class: 'slot', 'aria-pressed': chosen ? 'true' : 'false',
    'aria-label': `${t(room.name, room.nameEn)} ${when} ${words}`, 'data-room': room.code, 'data-starts': slot.starts,
    onclick: () => chooseSlot(room, slot.starts) }, mark));
}

/** Slots free one after another from a start, for the lengths offered. */
function freeRun(room, starts) {
  const slots = state.grid.rooms.find((r) => r.room.id === room.id)?.slots ?? [];
  let index = slots.findIndex((s) => Date.parse(s.starts) === Date.parse(starts));
  let run = 0;
  while (index >= 0 && index < slots.length && slots[index].state === 'free' && run < 8) { run++; index++; }
  return run;
}

function chooseSlot(room, starts) {
  state.choice = { room, starts, minutes: Math.min(60, freeRun(room, starts) * 30), companions: state.choice?.companions ?? '', topic: state.choice?.topic ?? '' };
  Object.assign(state, { reasons: [], nextFree: [] });
  renderGrid();
  document.getElementById('room-book-title')?.scrollIntoView({ block: 'nearest' });
}

// ---- Booking form ----

function bookingForm() {
  const choice = state.choice;
  if (!choice) return h('p', { class: 'meta' }, t('点选一个空闲时段开始预约。', 'Tap a free slot to book it.'));
  const tz = timeZone();
  const run = Math.max(1, freeRun(choice.room, choice.starts));
  const length = h('select', { id: 'room-minutes', name: 'minutes', onchange: (event) => { choice.minutes = Number(event.currentTarget.value); renderGrid(); } },
    Array.from({ length: run }, (_, i) => (i + 1) * 30).map((minutes) =>
      h('option', { value: minutes, selected: minutes === choice.minutes }, minutes % 60 === 0 ? t(`${minutes / 60} 小时`, `${minutes / 60} h`) : t(`${minutes} 分钟`, `${minutes} min`))));
  const companions = h('textarea', { id: 'room-companions', name: 'companions', rows: '2', autocomplete: 'off',
    oninput: (event) => { choice.companions = event.currentTarget.value; } }, choice.companions);
  const topic = h('input', { id: 'room-topic', name: 'topic', maxlength: '100', value: choice.topic, oninput: (event) => { choice.topic = event.currentTarget.value; } });
  const ends = new Date(Date.parse(choice.starts) + choice.minutes * 60_000).toISOString();
  return h('form', { class: 'card book', onsubmit: (event) => { event.preventDefault(); book(event.currentTarget.querySelector('button[type=submit]')); } },
    h('h2', { id: 'room-book-title' }, t(choice.room.name, choice.room.nameEn)),
    h('p', {}, span(choice.starts, ends, today(), tz)),
    h('p', { class: 'meta' }, t(`最多 ${choice.room.capacity} 人；至少 ${choice.room.minGroup} 人（含您）确认后预约生效`, `Up to ${choice.room.capacity} people; it holds once ${choice.room.minGroup} (you included) confirm`),
      choice.room.needsApproval ? t('，并需馆员审批。', ', then staff approve it.') : t('。', '.')),
    h('label', { for: 'room-minutes' }, t('时长', 'Length')), length,
    h('label', { for: 'room-companions' }, t('同伴的借书证号（空格或逗号分隔）', 'Companions\' card numbers (spaces or commas between)')), companions,
    h('p', { class: 'meta' }, t('同伴会收到微信通知，确认后才算参加。', 'Each companion is asked by a WeChat notice to confirm.')),
    h('label', { for: 'room-topic' }, t('主题（可不填）', 'Topic (optional)')), topic,
    state.reasons.length > 0 && reasonList(state.reasons),
    state.nextFree.length > 0 && h('div', { class: 'next-free' }, h('p', {}, t('当天稍后还有这些空闲时段：', 'Later that day these are free:')),
      h('div', { class: 'row' }, state.nextFree.map((slot) => h('button', { type: 'button', class: 'secondary',
        onclick: () => chooseSlot(choice.room, slot.starts) }, `${clock(slot.starts, tz)}–${clock(slot.ends, tz)}`)))),
    h('p', {}, h('button', { type: 'submit', class: 'block', id: 'book-room' }, t('预约', 'Book'))));
}

async function book(button) {
  const choice = state.choice;
  const body = {
    roomId: choice.room.id, starts: choice.starts, minutes: choice.minutes,
    companions: choice.companions.split(/[\s,，、;；]+/).map((card) => card.trim()).filter(Boolean),
    topic: choice.topic.trim() || undefined,
  };
  await busy(button, async () => {
    const result = await api('/api/v1/me/room-bookings', { method: 'POST', body, intent: `book:${JSON.stringify(body)}` });
    if (result.ok) {
      state.choice = null;
      Object.assign(state, { reasons: [], nextFree: [] });
      const b = result.data;
      say(t(`已预约 ${b.roomName}：${span(b.starts, b.ends, today(), timeZone())}，${statusText(b.status)}。`,
        `Booked ${b.roomName}: ${span(b.starts, b.ends, today(), timeZone())}, ${statusText(b.status).toLowerCase()}.`));
      return refresh();
    }
    if (result.problem?.nextFree) {
      Object.assign(state, { reasons: [], nextFree: result.problem.nextFree });
      await loadGrid();
      renderGrid();
      return say(t('这个时段刚被别人抢先预约了。', 'Someone else just took that time.'), 'warn');
    }
    if (result.problem?.reasons) {
      Object.assign(state, { reasons: result.problem.reasons, nextFree: [] });
      say(t('未能预约：', 'Not booked: ') + result.problem.reasons.map((r) => r.message).join(t('；', '; ')), 'warn');
      return renderGrid();
    }
    say(problemText(result), 'bad');
  });
}

