// Seats now: each zone's free count, who holds which seat, and a release of a seat (audited by the service).
// Refreshes every 30 seconds while shown.
import { api, badge, busy, every, field, figures, fill, h, problemText, refusal, say, select, t, table, tr, clock, when } from './staff.js';

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
  const view = { zone, summary, occupancy };
  fill(root,
    h('form', { class: 'filters', onsubmit: (event) => { event.preventDefault(); refresh(view); } },
      field(t('区域', 'Zone'), zone),
      h('button', { type: 'submit' }, t('刷新', 'Refresh'))),
    summary, occupancy);
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
          h('button', { type: 'button', class: 'danger', onclick: (event) => release(event.currentTarget, o, view) },
            t('释放座位', 'Release'), h('span', { class: 'visually-hidden' }, ` ${o.seat}`))))))));
}

async function release(button, occupant, view) {
  // The service ends the booking as released by staff and audits who did it; the reader is not told a reason.
  if (!confirm(t(`释放座位 ${occupant.seat}（${occupant.readerName}）？该读者的预约将结束。`,
    `Release seat ${occupant.seat} (${occupant.readerName})? The reader's booking ends now.`))) return;
  await busy(button, async () => {
    const result = await api(`/api/v1/staff/seat-bookings/${occupant.bookingId}/release`, { method: 'POST' });
    if (!result.ok) return say(problemText(result), 'bad');
    say(t(`座位 ${occupant.seat} 已释放。`, `Seat ${occupant.seat} released.`));
    await refresh(view);
  });
}
