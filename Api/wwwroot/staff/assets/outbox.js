// The notification outbox: how many notices are in each state, the notices of one state (dead letters first), and a
// retry of a dead, failed or held one. Counts refresh every 30 seconds while shown.
import {
  api, badge, busy, every, field, figures, fill, h, isProblem, problemText, refusal, say, select, t, table, tr, when,
} from './staff.js';

const Page = 50;
const Retryable = ['dead', 'failed', 'held'];

const stateNames = {
  pending: ['待发送', 'Pending'],
  held: ['暂停', 'Held'],
  sending: ['发送中', 'Sending'],
  failed: ['失败', 'Failed'],
  dead: ['死信', 'Dead letters'],
  dropped: ['已丢弃', 'Dropped'],
  sent: ['已发送', 'Sent'],
  sent_last_day: ['24 小时内已发送', 'Sent, last 24 h'],
};
const stateName = (state) => t(...(stateNames[state] ?? [state, state]));

export async function render(root) {
  const counts = h('section', { 'aria-labelledby': 'outbox-counts' }, h('h3', { id: 'outbox-counts' }, t('各状态数量', 'Counts by state')));
  const state = select({ id: 'outbox-state', name: 'state' },
    ['dead', 'failed', 'held', 'pending', 'sending', 'sent', 'dropped'].map((s) => [s, stateName(s)]), 'dead');
  const list = h('div', {});
  const filter = h('form', { class: 'filters', onsubmit: (event) => { event.preventDefault(); view.show(state.value); } },
    field(t('状态', 'State'), state),
    h('button', { type: 'submit' }, t('显示', 'Show')));
  fill(root, counts, h('section', { 'aria-labelledby': 'outbox-notices' },
    h('h3', { id: 'outbox-notices' }, t('通知', 'Notices')), filter, list));
  const view = {
    list,
    counts: () => loadCounts(counts, view),
    show: (value) => {
      state.value = value;
      return loadList(view, value);
    },
  };
  await Promise.all([view.counts(), loadList(view, 'dead')]);
  every(30_000, view.counts);
}

async function loadCounts(section, view) {
  const result = await api('/api/v1/staff/outbox/counts');
  const heading = section.firstChild;
  if (!result.ok) return fill(section, heading, refusal(result));
  const totals = {};
  const kinds = {};
  for (const { kind, state, count } of result.data) {
    totals[state] = (totals[state] ?? 0) + count;
    (kinds[kind] ??= {})[state] = count;
  }
  const states = ['dead', 'failed', 'held', 'pending', 'sending', 'dropped', 'sent_last_day'];
  fill(section, heading,
    figures(t('各状态通知数', 'Notices by state'), states.map((state) => [
      stateName(state),
      state === 'sent_last_day'
        ? String(totals[state] ?? 0)
        : h('button', { type: 'button', class: 'link', 'aria-label': `${stateName(state)}: ${totals[state] ?? 0}`, onclick: () => view.show(state) },
            String(totals[state] ?? 0)),
      { 'data-state': state, class: state === 'dead' && totals.dead ? 'bad' : '' },
    ])),
    table(t('按通知类型', 'By kind of notice'), [t('类型', 'Kind'), ...states.map(stateName)],
      Object.entries(kinds).map(([kind, byState]) => tr({}, kind, ...states.map((state) => String(byState[state] ?? 0)))),
      t('发件箱是空的。', 'The outbox is empty.')));
}

async function loadList(view, state, before) {
  const { list } = view;
  const query = new URLSearchParams({ state, limit: Page });
  if (before) query.set('before', before);
  const result = await api(`/api/v1/staff/outbox/notices?${query}`);
  if (!result.ok) return fill(list, refusal(result));
  const notices = result.data;
  const rows = notices.map((notice) => noticeRow(notice, view, state));
  const last = notices.at(-1);
  fill(list,
    table(t(`${stateName(state)}通知`, `${stateName(state)} notices`),
      [t('编号', 'Id'), t('类型', 'Kind'), t('状态', 'State'), t('读者', 'Reader'), t('原因', 'Reason'), t('尝试', 'Attempts'),
        t('入队时间', 'Queued'), t('最早发送', 'Not before'), t('操作', 'Action')],
      rows, t(`没有${stateName(state)}通知。`, `No ${stateName(state).toLowerCase()} notices.`)),
    h('p', { class: 'row' },
      before && h('button', { type: 'button', class: 'secondary', onclick: () => loadList(view, state) }, t('回到最新', 'Back to newest')),
      notices.length === Page && h('button', { type: 'button', class: 'secondary', onclick: () => loadList(view, state, last.id) },
        t('更早的通知', 'Older notices'))));
}

function noticeRow(notice, view, state) {
  return tr({ 'data-notice-id': notice.id },
    String(notice.id),
    h('span', {}, notice.kind, h('br'), h('span', { class: 'meta' }, notice.idempotencyKey)),
    badge(stateName(notice.state), notice.state === 'dead' || notice.state === 'failed' ? 'bad' : notice.state === 'held' ? 'warn' : ''),
    notice.patronId ?? '',
    h('span', {}, notice.reason ?? '', notice.outcomeUnknown && h('span', {}, ' ', badge(t('可能已送达', 'May have arrived'), 'warn'))),
    String(notice.attempts),
    when(notice.createdAt),
    notice.notBefore ? when(notice.notBefore) : notice.state === 'held' ? t('待重试', 'Until retried') : '',
    Retryable.includes(notice.state)
      ? h('button', { type: 'button', class: 'retry', onclick: (event) => retry(event.currentTarget, notice, view, state) },
          t('重试', 'Retry'), h('span', { class: 'visually-hidden' }, ` #${notice.id}`))
      : '');
}

async function retry(button, notice, view, state) {
  await busy(button, async () => {
    let result = await api(`/api/v1/staff/outbox/notices/${notice.id}/retry`, { method: 'POST' });
    if (!result.ok && isProblem(result, 'duplicate-risk')) {
      // The first send may have reached the reader: a second could arrive twice, so staff say they accept that.
      if (!confirm(t(`通知 #${notice.id} 的首次发送可能已送达读者，重试可能让读者收到两次。仍要重试吗？`,
        `The first send of notice #${notice.id} may have reached the reader; a retry could deliver it twice. Retry anyway?`))) return;
      result = await api(`/api/v1/staff/outbox/notices/${notice.id}/retry?acknowledgeDuplicateRisk=true`, { method: 'POST' });
    }
    if (!result.ok) return say(problemText(result), 'bad');
    say(t(`通知 #${notice.id} 已重新排队（${stateName(result.data.state)}）。`, `Notice #${notice.id} is queued again (${stateName(result.data.state)}).`));
    await Promise.all([loadList(view, state), view.counts()]);
  });
}
