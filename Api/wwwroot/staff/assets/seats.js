// Seats now: each zone's free count, who holds which seat, and a release of a seat with a reason (told to the reader,
// audited by the service). Refreshes every 30 seconds while shown; the release form sits outside the refreshed table,
// so a reason being typed is kept.
import { api, badge, busy, every, field, figures, fill, h, isProblem, problemText, refusal, say, select, t, table, tr, clock, when } from './staff.js';

// The service's limit, in characters once trimmed.
const MaxReason = 200;

const statusNames = {
  booked: ['已预约，未入座', 'Booked, not seated'],
  checked_in: ['在座', 'Seated'],
  on_leave: ['暂离', 'On leave'],
};

export async function render(root) {
  const zones = await api('/api/v1/staff/seat-zones');
  if (!zones.ok) return fill(root, refusal(zones));
  const zone = select({ name: 'zoneId' }, [['', t('全部区域', 'Every zone')], ...zones.data.map((z) => [String(z.id), `${t(z.name, z.nameEn)} (${z.branch} ${z.floor})`])], '');
  const summary = h('div', {});
  const occupancy = h('div', {});
  const releasing = h('div', {});
  const view = { zone, summary, occupancy, releasing };
  fill(root,
    h('form', { class: 'filters', onsubmit: (event) => { event.preventDefault(); refresh(view); } },
      field(t('区域', 'Zone'), zone),
      h('button', { type: 'submit' }, t('刷新', 'Refresh'))),
    summary, releasing, occupancy);
  zone.addEventListener('change', () => refresh(view));
  showZones(view, zones.data);
  await loadOccupancy(view);
  every(30_000, () => refresh(view));
}

async function refresh(view) {
  const zones = await api('/api/v1/staff/seat-zones');
  if (zones.ok) showZones(view, zones.data);
  await loadOccupancy(view);
}

function showZones(view, zones) {
  const shown = view.zone.value ? zones.filter((z) => String(z.id) === view.zone.value) : zones;
  fill(view.summary, figures(t('各区域空座', 'Free seats by zone'), shown.map((z) => [
    `${t(z.name, z.nameEn)} · ${z.floor}`,
    t(`${z.freeNow} / ${z.seats} 空`, `${z.freeNow} of ${z.seats} free`),
    { 'data-zone': z.code, class: z.open ? '' : 'off' },
  ])));
}

async function loadOccupancy(view) {
  const query = view.zone.value ? `?zoneId=${view.zone.value}` : '';
  const result = await api(`/api/v1/staff/seat-occupancy${query}`);
  if (!result.ok) return fill(view.occupancy, refusal(result));
  const byZone = new Map();
  for (const o of result.data) byZone.set(`${o.branch} · ${o.zone}`, [...(byZone.get(`${o.branch} · ${o.zone}`) ?? []), o]);
  fill(view.occupancy,
    result.data.length === 0 && h('p', { class: 'empty' }, t('现在没有人占用座位。', 'Nobody holds a seat now.')),
    [...byZone].map(([name, occupants]) => h('section', { 'aria-label': name },
      h('h3', {}, name, ' ', h('span', { class: 'meta' }, t(`${occupants.length} 个座位被占用`, `${occupants.length} seats held`))),
      table(t(`${name} 的座位`, `Seats of ${name}`),
        [t('座位', 'Seat'), t('读者', 'Reader'), t('状态', 'Status'), t('自', 'Since'), t('预约时段', 'Booked for'), t('操作', 'Action')],
        occupants.map((o) => tr({ 'data-booking-id': o.bookingId },
          h('strong', {}, o.seat),
          h('span', {}, o.readerName, h('br'), h('span', { class: 'meta' }, o.cardNumber)),
          h('span', {}, badge(t(...(statusNames[o.status] ?? [o.status, o.status])), o.status === 'booked' ? 'warn' : ''),
            o.leaveUntil && h('span', { class: 'meta' }, ` ${t('至', 'until')} ${clock(o.leaveUntil)}`)),
          when(o.statusSince),
          `${clock(o.starts)}–${clock(o.ends)}`,
          h('button', { type: 'button', class: 'danger release', onclick: () => askReason(o, view) },
            t('释放座位', 'Release'), h('span', { class: 'visually-hidden' }, ` ${o.seat}`))))))));
}

/** The release form for one occupant, above the table: the reason is required, since the reader is told it. */
function askReason(occupant, view) {
  // No maxlength: it counts UTF-16 units, so it would stop at 100 emoji or rare characters; the service counts characters.
  const reason = h('input', { name: 'reason', autocomplete: 'off', 'aria-required': 'true' });
  const submit = h('button', { type: 'submit', class: 'danger' }, t('确认释放', 'Release the seat'));
  const close = () => {
    fill(view.releasing);
    view.occupancy.querySelector(`tr[data-booking-id="${occupant.bookingId}"] button.release`)?.focus();
  };
  const form = h('form', {
    class: 'card release', 'data-booking-id': occupant.bookingId,
    'aria-label': t(`释放座位 ${occupant.seat}`, `Release seat ${occupant.seat}`),
    onsubmit: (event) => {
      event.preventDefault();
      const text = reason.value.trim();
      if (!text) {
        say(t('释放座位需要填写理由，理由会告知该读者。', 'A release needs a reason: the reader is told it.'), 'warn');
        return reason.focus();
      }
      if ([...text].length > MaxReason) {
        say(t(`理由最多 ${MaxReason} 字。`, `A reason has at most ${MaxReason} characters.`), 'warn');
        return reason.focus();
      }
      release(submit, occupant, text, view);
    },
  },
    h('h3', {}, t(`释放座位 ${occupant.seat}（${occupant.readerName}）`, `Release seat ${occupant.seat} (${occupant.readerName})`)),
    h('p', { class: 'meta' }, t('该读者的预约将立即结束，座位可供他人预约；理由会通过微信告知读者，并记入审计日志。',
      "The reader's booking ends now and the seat is free for others; the reader is told the reason on WeChat, and it is audited.")),
    field(t('释放理由', 'Reason for releasing'), reason, t(`最多 ${MaxReason} 字`, `At most ${MaxReason} characters`)),
    h('p', { class: 'row' }, submit, h('button', { type: 'button', class: 'secondary', onclick: close }, t('取消', 'Cancel'))));
  fill(view.releasing, form);
  form.scrollIntoView({ block: 'nearest' });
  reason.focus();
}

async function release(button, occupant, reason, view) {
  await busy(button, async () => {
    const result = await api(`/api/v1/staff/seat-bookings/${occupant.bookingId}/release`, { method: 'POST', body: { reason } });
    if (!result.ok) {
      say(problemText(result), 'bad');
      // The booking ended meanwhile (the reader left, another desk released it): the form has nothing left to do.
      if (isProblem(result, 'conflict') || isProblem(result, 'not-found')) {
        fill(view.releasing);
        await refresh(view);
      }
      return;
    }
    fill(view.releasing);
    say(t(`座位 ${occupant.seat} 已释放，已告知读者理由。`, `Seat ${occupant.seat} released; the reader is told why.`));
    await refresh(view);
  });
}
