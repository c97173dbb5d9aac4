// The audit log: newest first, filtered by target and action, paged backwards by id.
import { api, field, fill, h, refusal, select, t, table, tr, when } from './staff.js';

export async function render(root) {
  const target = h('input', { name: 'target', autocomplete: 'off', placeholder: 'staff:1, notification:42…' });
  const action = h('input', { name: 'action', autocomplete: 'off', placeholder: 'staff.sign-in, outbox.retry…' });
  const limit = select({ name: 'limit' }, ['20', '50', '100', '200'].map((n) => [n, n]), '50');
  const list = h('div', {});
  const view = { list, query: new URLSearchParams({ limit: '50' }), pages: [] };
  fill(root,
    h('form', { class: 'filters', onsubmit: (event) => {
      event.preventDefault();
      view.query = new URLSearchParams({ limit: limit.value });
      if (target.value.trim()) view.query.set('target', target.value.trim());
      if (action.value.trim()) view.query.set('action', action.value.trim());
      view.pages = [];
      load(view);
    } },
    field(t('对象', 'Target'), target),
    field(t('动作', 'Action'), action),
    field(t('每页', 'Per page'), limit),
    h('button', { type: 'submit' }, t('查询', 'Search'))),
    list);
  await load(view);
}

async function load(view, before) {
  const query = new URLSearchParams(view.query);
  if (before) query.set('before', before);
  const result = await api(`/api/v1/staff/audit?${query}`);
  if (!result.ok) return fill(view.list, refusal(result));
  const entries = result.data;
  const full = entries.length === Number(view.query.get('limit'));
  fill(view.list,
    table(t('审计记录', 'Audit entries'), [t('编号', 'Id'), t('时间', 'When'), t('操作人', 'Actor'), t('动作', 'Action'), t('对象', 'Target'), t('详情', 'Details')],
      entries.map((entry) => tr({ 'data-audit-id': entry.id }, String(entry.id), when(entry.at), entry.actor, h('code', {}, entry.action), entry.target,
        details(entry.details))),
      t('没有符合条件的记录。', 'No entries match.')),
    h('p', { class: 'row' },
      view.pages.length > 0 && h('button', { type: 'button', class: 'secondary', onclick: () => load(view, view.pages.pop() ?? undefined) }, t('较新的', 'Newer')),
      full && h('button', { type: 'button', class: 'secondary', onclick: () => {
        view.pages.push(before ?? null);
        load(view, entries.at(-1).id);
      } }, t('更早的', 'Older'))));
}

const details = (values) => {
  const entries = Object.entries(values ?? {});
  return entries.length === 0 ? '' : h('dl', { class: 'details' }, entries.flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, value ?? '')]));
};
