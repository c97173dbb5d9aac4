// Announcements: the latest ones with their progress (readers sent of those targeted), a new draft with its reach,
// sending now or at a time, and cancelling what has not left. Progress refreshes every 10 seconds while one is sending.
import {
  api, badge, busy, every, field, fill, h, problemText, refusal, say, select, t, table, tr, when,
} from './staff.js';

const Categories = [['notice', ['通知', 'Notice']], ['closure', ['闭馆', 'Closure']], ['event', ['活动', 'Event']], ['resources', ['资源', 'Resources']]];
const Audiences = [
  ['all_followers', ['全部关注者', 'Every follower']],
  ['patron_groups', ['指定读者类型', 'Patron groups']],
  ['campus', ['指定校区', 'Campuses']],
  ['branch', ['在指定分馆有借阅或今日座位的读者', 'Readers of branches']],
  ['active_loans', ['有在借图书的读者', 'Readers with loans']],
  ['seat_bookings_today', ['今日有座位预约的读者', "Today's seat bookings"]],
  ['cards', ['指定借书证（上传名单）', 'Listed cards (upload a list)']],
];
const Statuses = {
  draft: ['草稿', 'Draft'], scheduled: ['已定时', 'Scheduled'], sending: ['发送中', 'Sending'], sent: ['已发送', 'Sent'], cancelled: ['已取消', 'Cancelled'],
};
const named = (list, code) => t(...(list.find(([value]) => value === code)?.[1] ?? [code, code]));
const statusName = (status) => t(...(Statuses[status] ?? [status, status]));

export async function render(root) {
  const list = h('div', {});
  const view = { list };
  fill(root,
    h('section', { 'aria-labelledby': 'announcements-list' }, h('h3', { id: 'announcements-list' }, t('最近的公告', 'Latest announcements')), list),
    h('section', { 'aria-labelledby': 'announcements-new' }, h('h3', { id: 'announcements-new' }, t('新建草稿', 'New draft')), draftForm(view)));
  await loadList(view);
  every(10_000, () => view.sending && loadList(view));
}

async function loadList(view) {
  const result = await api('/api/v1/staff/announcements');
  if (!result.ok) return fill(view.list, refusal(result));
  const announcements = result.data;
  // Progress for those that started; the list itself does not carry it.
  const progress = new Map(await Promise.all(announcements.filter((a) => ['sending', 'sent', 'cancelled'].includes(a.status)).slice(0, 30)
    .map(async (a) => [a.id, (await api(`/api/v1/staff/announcements/${a.id}/progress`)).data])));
  view.sending = announcements.some((a) => a.status === 'sending');
  fill(view.list, table(t('公告', 'Announcements'),
    [t('标题', 'Title'), t('类别', 'Category'), t('受众', 'Audience'), t('状态', 'Status'), t('进度', 'Progress'), t('时间', 'When'), t('操作', 'Action')],
    announcements.map((a) => tr({ 'data-announcement-id': a.id },
      h('span', {}, h('strong', {}, a.title), h('br'), h('span', { class: 'meta clip' }, a.body)),
      named(Categories, a.category),
      h('span', {}, named(Audiences, a.audience), a.audienceValues.length ? h('span', { class: 'meta' }, ` ${a.audienceValues.slice(0, 5).join('、')}${a.audienceValues.length > 5 ? '…' : ''}`) : ''),
      badge(statusName(a.status), a.status === 'cancelled' ? 'bad' : a.status === 'draft' || a.status === 'scheduled' ? 'warn' : ''),
      progressCell(progress.get(a.id)),
      h('span', {}, a.status === 'scheduled' && a.sendAt ? t(`定于 ${when(a.sendAt)}`, `at ${when(a.sendAt)}`) : a.startedAt ? when(a.startedAt) : when(a.createdAt)),
      actions(a, view))),
    t('还没有公告。', 'No announcements yet.')));
}

function progressCell(p) {
  if (!p) return '';
  const failed = Object.values(p.failed ?? {}).reduce((sum, n) => sum + n, 0);
  return h('span', { class: 'progress' },
    h('progress', { max: String(Math.max(p.targeted, 1)), value: String(p.sent), 'aria-label': t(`已发送 ${p.sent} / ${p.targeted}`, `Sent ${p.sent} of ${p.targeted}`) }),
    h('span', {}, ` ${p.sent} / ${p.targeted}`),
    h('span', { class: 'meta' }, [
      p.pending && t(` · 待发 ${p.pending}`, ` · ${p.pending} pending`),
      failed && t(` · 失败 ${failed}`, ` · ${failed} failed`),
      p.unknown && t(` · 未知 ${p.unknown}`, ` · ${p.unknown} unknown`),
      p.cancelled && t(` · 取消 ${p.cancelled}`, ` · ${p.cancelled} cancelled`),
      p.cannotReachThisMonth && t(` · 本月已达上限 ${p.cannotReachThisMonth}`, ` · ${p.cannotReachThisMonth} over the monthly cap`),
    ].filter(Boolean).join('')));
}

function actions(a, view) {
  const buttons = [];
  if (a.status === 'draft' || a.status === 'scheduled') {
    const at = h('input', { type: 'datetime-local', name: 'sendAt', 'aria-label': t(`《${a.title}》的发送时间`, `When to send "${a.title}"`) });
    buttons.push(
      h('button', { type: 'button', class: 'send', onclick: (event) => send(event.currentTarget, a, undefined, view) }, t('立即发送', 'Send now')),
      h('span', { class: 'row' }, at, h('button', { type: 'button', class: 'secondary', onclick: (event) => {
        if (!at.value) return say(t('请先选择发送时间。', 'Choose when to send first.'), 'warn');
        send(event.currentTarget, a, new Date(at.value).toISOString(), view);
      } }, t('定时发送', 'Schedule'))));
  }
  if (a.status === 'draft' || a.status === 'scheduled' || a.status === 'sending')
    buttons.push(h('button', { type: 'button', class: 'danger', onclick: (event) => cancel(event.currentTarget, a, view) }, t('取消', 'Cancel'),
      h('span', { class: 'visually-hidden' }, ` ${a.title}`)));
  return h('span', { class: 'actions' }, buttons);
}

async function send(button, a, sendAt, view) {
  if (!sendAt && !confirm(t(`现在向受众发送《${a.title}》？`, `Send "${a.title}" to its audience now?`))) return;
  await busy(button, async () => {
    const result = await api(`/api/v1/staff/announcements/${a.id}/send`, { method: 'POST', body: sendAt ? { sendAt } : {} });
    if (!result.ok) return say(problemText(result), 'bad');
    say(result.data.status === 'scheduled'
      ? t(`《${a.title}》将于 ${when(result.data.sendAt)} 发送。`, `"${a.title}" will go out at ${when(result.data.sendAt)}.`)
      : t(`《${a.title}》开始发送：${result.data.progress?.targeted ?? 0} 位读者。`, `"${a.title}" is being sent to ${result.data.progress?.targeted ?? 0} readers.`));
    await loadList(view);
  });
}

async function cancel(button, a, view) {
  if (!confirm(t(`取消《${a.title}》？已发出的部分不能收回。`, `Cancel "${a.title}"? What has left cannot be called back.`))) return;
  await busy(button, async () => {
    const result = await api(`/api/v1/staff/announcements/${a.id}/cancel`, { method: 'POST' });
    if (!result.ok) return say(problemText(result), 'bad');
    say(t(`《${a.title}》已取消。`, `"${a.title}" cancelled.`));
    await loadList(view);
  });
}

function draftForm(view) {
  const title = h('input', { name: 'title', maxlength: '64', required: true, autocomplete: 'off' });
  const body = h('textarea', { name: 'body', maxlength: '600', rows: '4', required: true });
  const link = h('input', { name: 'link', type: 'url', autocomplete: 'off', placeholder: 'https://' });
  const category = select({ name: 'category' }, Categories.map(([value, names]) => [value, t(...names)]), 'notice');
  const audience = select({ name: 'audience' }, Audiences.map(([value, names]) => [value, t(...names)]), 'all_followers');
  const values = h('input', { name: 'audienceValues', autocomplete: 'off' });
  const cards = h('input', { type: 'file', name: 'cards', accept: '.csv,.txt,text/csv,text/plain' });
  const submit = h('button', { type: 'submit' }, t('保存草稿', 'Save draft'));
  const form = h('form', { class: 'card', onsubmit: async (event) => {
    event.preventDefault();
    await busy(submit, async () => {
      const listed = values.value.split(/[,，、;\s]+/).map((v) => v.trim()).filter(Boolean);
      const result = await api('/api/v1/staff/announcements', { method: 'POST', body: {
        title: title.value.trim(), body: body.value.trim(), link: link.value.trim() || undefined, category: category.value, audience: audience.value,
        audienceValues: listed.length ? listed : undefined,
      } });
      if (!result.ok) return say(problemText(result), 'bad');
      let reach = result.data.reach;
      if (audience.value === 'cards' && cards.files[0]) {
        // The list goes as it was saved (UTF-8): the service refuses other encodings rather than read them garbled.
        const uploaded = await api(`/api/v1/staff/announcements/${result.data.id}/cards`,
          { method: 'PUT', file: cards.files[0], type: cards.files[0].type === 'text/plain' ? 'text/plain' : 'text/csv' });
        if (!uploaded.ok) {
          const rejected = uploaded.problem.rejected?.map((r) => `${r.line ?? ''} ${r.reason ?? ''}`.trim()).join('; ');
          say(`${t('草稿已保存，但名单未被接受：', 'Draft saved, but the list was refused: ')}${problemText(uploaded)}${rejected ? ` (${rejected})` : ''}`, 'warn');
          return loadList(view);
        }
        reach = uploaded.data.reach;
      }
      form.reset();
      say(reach
        ? t(`草稿已保存：受众 ${reach.targeted} 人，本月可触达 ${reach.reachable} 人（${reach.cannotReachThisMonth} 人已达本月上限）。`,
          `Draft saved: ${reach.targeted} readers, ${reach.reachable} reachable this month (${reach.cannotReachThisMonth} over the cap).`)
        : t('草稿已保存。', 'Draft saved.'));
      await loadList(view);
    });
  } },
  field(t('标题（最多 64 字）', 'Title (up to 64 characters)'), title),
  field(t('正文（最多 600 字）', 'Text (up to 600 characters)'), body),
  field(t('链接（可选）', 'Link (optional)'), link),
  h('div', { class: 'grid' },
    field(t('类别', 'Category'), category),
    field(t('受众', 'Audience'), audience),
    field(t('受众范围', 'Audience values'), values, t('读者类型、校区或分馆代码，用逗号分隔', 'Patron groups, campuses or branch codes, separated by commas'))),
  field(t('借书证名单（受众为“指定借书证”时）', 'List of cards (for listed cards)'), cards, t('UTF-8 文本，每行一个借书证号，或含 card 列的 CSV', 'UTF-8 text, one card per line, or CSV with a card column')),
  h('p', {}, submit));
  return form;
}
