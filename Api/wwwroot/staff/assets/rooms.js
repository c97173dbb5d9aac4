// Rooms: the day's bookings of every room, and the approvals queue (approve with a note, refuse with a reason).
// The calendar refreshes every 60 seconds while shown; the queue only on demand, so a reason being typed is kept.
import { api, badge, busy, every, field, fill, h, problemText, refusal, say, t, table, today, tr, clock, when } from './staff.js';

const statusNames = {
  pending: ['等待同伴确认', 'Waiting for the group'],
  awaiting_approval: ['待审批', 'Awaiting approval'],
  confirmed: ['已确认', 'Confirmed'],
  checked_in: ['已签到', 'Checked in'],
};
const statusName = (status) => t(...(statusNames[status] ?? [status, status]));
const live = (status) => status in statusNames;

export async function render(root) {
  const date = h('input', { type: 'date', name: 'date', value: today(), required: true });
  const calendar = h('div', {});
  const approvals = h('div', {});
  const view = { date, calendar, approvals };
  fill(root,
    h('section', { 'aria-labelledby': 'rooms-approvals' },
      h('h3', { id: 'rooms-approvals' }, t('待审批的预约', 'Bookings awaiting approval')), approvals),
    h('section', { 'aria-labelledby': 'rooms-calendar' },
      h('h3', { id: 'rooms-calendar' }, t('各研讨室的预约', 'Bookings by room')),
      h('form', { class: 'filters', onsubmit: (event) => { event.preventDefault(); loadCalendar(view); } },
        field(t('日期', 'Date'), date),
        h('button', { type: 'submit' }, t('显示', 'Show'))),
      calendar));
  await Promise.all([loadApprovals(view), loadCalendar(view)]);
  every(60_000, () => loadCalendar(view));
}

async function loadCalendar(view) {
  const result = await api(`/api/v1/staff/room-calendar?date=${encodeURIComponent(view.date.value || today())}`);
  if (!result.ok) return fill(view.calendar, refusal(result));
  const rows = result.data.rooms.flatMap(({ room, bookings, blocks }) => {
    const name = h('span', {}, `${t(room.name, room.nameEn)}`, h('br'), h('span', { class: 'meta' }, `${room.code} · ${room.branch} ${room.floor} · ${t(`${room.capacity} 人`, `${room.capacity} people`)}`),
      room.enabled ? '' : h('span', {}, ' ', badge(t('停用', 'Off'), 'warn')));
    const entries = [
      ...blocks.map((block) => tr({ class: 'blocked' }, name.cloneNode(true), `${clock(block.starts)}–${clock(block.ends)}`, block.reason,
        '', badge(t('封闭', 'Blocked'), 'bad'))),
      ...bookings.map((booking) => tr({ 'data-booking-id': booking.id }, name.cloneNode(true), `${clock(booking.starts)}–${clock(booking.ends)}`,
        booking.topic, members(booking),
        h('span', {}, badge(statusName(booking.status), live(booking.status) ? (booking.status === 'awaiting_approval' ? 'warn' : '') : 'bad'),
          !live(booking.status) && booking.endReason ? h('span', { class: 'meta' }, ` ${booking.endReason}`) : ''))),
    ];
    return entries.length ? entries : [tr({}, name, '', h('span', { class: 'meta' }, t('当天无预约', 'No bookings')), '', '')];
  });
  fill(view.calendar, table(t(`${result.data.date} 的研讨室预约`, `Room bookings on ${result.data.date}`),
    [t('研讨室', 'Room'), t('时段', 'Time'), t('主题', 'Topic'), t('成员', 'Group'), t('状态', 'Status')], rows,
    t('还没有研讨室。', 'There are no rooms yet.')));
}

const members = (booking) => h('span', {}, booking.members.flatMap((m, i) => [i ? '、' : '', m.name,
  m.status === 'confirmed' ? '' : h('span', { class: 'meta' }, `（${m.status === 'invited' ? t('未回复', 'no answer') : t('已拒绝', 'declined')}）`)]));

async function loadApprovals(view) {
  const result = await api('/api/v1/staff/room-approvals');
  if (!result.ok) return fill(view.approvals, refusal(result));
  fill(view.approvals,
    result.data.length === 0 && h('p', { class: 'empty' }, t('没有待审批的预约。', 'Nothing awaits approval.')),
    result.data.map((booking) => approvalCard(booking, view)));
}

function approvalCard(booking, view) {
  const note = h('input', { name: 'note', maxlength: '500', autocomplete: 'off' });
  const reason = h('input', { name: 'reason', maxlength: '500', autocomplete: 'off' });
  const approve = h('button', { type: 'button', class: 'approve' }, t('批准', 'Approve'));
  const refuse = h('button', { type: 'button', class: 'danger refuse' }, t('拒绝', 'Refuse'));
  approve.addEventListener('click', () => decide(approve, booking, 'approve', { note: note.value.trim() || undefined }, view));
  refuse.addEventListener('click', () => {
    if (!reason.value.trim()) {
      say(t('拒绝需要填写理由，理由会告知预约的读者。', 'A refusal needs a reason: the group is told it.'), 'warn');
      return reason.focus();
    }
    decide(refuse, booking, 'reject', { reason: reason.value.trim() }, view);
  });
  return h('article', { class: 'card', 'data-booking-id': booking.id, 'aria-label': `${booking.room} ${booking.topic}` },
    h('h4', {}, `${booking.room} · ${when(booking.starts)}–${clock(booking.ends)}`),
    h('p', {}, booking.topic),
    h('p', { class: 'meta' }, t('成员：', 'Group: '), members(booking), ` · ${t(`须在 ${when(booking.confirmBy)} 前决定`, `decide by ${when(booking.confirmBy)}`)}`),
    h('div', { class: 'grid' },
      h('div', {}, field(t('批准备注（可选）', 'Note with the approval (optional)'), note), approve),
      h('div', {}, field(t('拒绝理由', 'Reason for refusing'), reason), refuse)));
}

async function decide(button, booking, decision, body, view) {
  await busy(button, async () => {
    const result = await api(`/api/v1/staff/room-approvals/${booking.id}/${decision}`, { method: 'POST', body });
    if (!result.ok) return say(problemText(result), 'bad');
    say(decision === 'approve'
      ? t(`已批准 ${booking.room} 的预约“${booking.topic}”。`, `Approved "${booking.topic}" in ${booking.room}.`)
      : t(`已拒绝 ${booking.room} 的预约“${booking.topic}”。`, `Refused "${booking.topic}" in ${booking.room}.`));
    await Promise.all([loadApprovals(view), loadCalendar(view)]);
  });
}
