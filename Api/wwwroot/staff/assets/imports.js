// Imports: a CSV file of patrons, WeChat bindings, catalogue titles or items, sent as it was saved, and the report the
// service answers with: rows created and updated, or every rejected row with its reason (then nothing was changed).
import { api, busy, field, figures, fill, h, isProblem, problemText, select, t, table, tr } from './staff.js';

const Kinds = [
  { id: 'patrons', path: '/api/v1/staff/patrons/import', names: ['读者', 'Patrons'],
    columns: 'card_number, name, group, expires_on', optional: 'college, campus, status, restriction_reason, preferred_language, pin' },
  { id: 'bindings', path: '/api/v1/staff/bindings/import', names: ['微信绑定', 'WeChat bindings'], columns: 'card_number, openid', optional: '' },
  { id: 'titles', path: '/api/v1/staff/titles/import', names: ['书目', 'Catalogue titles'],
    columns: 'isbn, title', optional: 'author, publisher, year, clc_class, subjects, language' },
  { id: 'items', path: '/api/v1/staff/items/import', names: ['单册', 'Catalogue items'],
    columns: 'barcode, isbn, branch, item_type', optional: 'location, call_number, status, accessioned_on' },
];

export async function render(root) {
  const kind = select({ name: 'kind', id: 'import-kind' }, Kinds.map((k) => [k.id, t(...k.names)]), 'patrons');
  const columns = h('p', { class: 'meta', id: 'import-columns' });
  const file = h('input', { type: 'file', name: 'file', id: 'import-file', accept: '.csv,text/csv', required: true, 'aria-describedby': 'import-columns' });
  const submit = h('button', { type: 'submit' }, t('上传并导入', 'Upload and import'));
  const report = h('section', { id: 'import-report', 'aria-live': 'polite' });
  const describe = () => {
    const chosen = Kinds.find((k) => k.id === kind.value);
    fill(columns, t('CSV（UTF-8，含表头）。必需列：', 'CSV (UTF-8, with a header row). Required columns: '), h('code', {}, chosen.columns),
      chosen.optional && [t('；可选列：', '; optional: '), h('code', {}, chosen.optional)]);
  };
  kind.addEventListener('change', describe);
  describe();
  const form = h('form', { class: 'card', onsubmit: async (event) => {
    event.preventDefault();
    if (!file.files[0]) return;
    const chosen = Kinds.find((k) => k.id === kind.value);
    await busy(submit, async () => {
      fill(report, h('p', { class: 'empty' }, t('正在导入…', 'Importing…')));
      // The file goes as saved: the service reads UTF-8 strictly and refuses other encodings rather than import them garbled.
      const result = await api(chosen.path, { method: 'POST', file: file.files[0], type: 'text/csv' });
      showReport(report, chosen, file.files[0].name, result);
    });
  } },
  h('div', { class: 'grid' }, field(t('导入内容', 'What to import'), kind), field(t('CSV 文件', 'CSV file'), file)),
  columns,
  h('p', {}, h('strong', {}, t('整批导入：', 'All or nothing: ')), t('只要有一行有问题，整个文件都不会导入，报告会列出每一行的问题。',
    'if any row has a problem, nothing in the file is changed, and the report lists every problem row.')),
  h('p', {}, submit));
  fill(root, form, report);
}

function showReport(section, kind, name, result) {
  const heading = h('h3', { id: 'import-report-title' }, t(`导入报告：${t(...kind.names)} · ${name}`, `Import report: ${t(...kind.names)} · ${name}`));
  const report = result.ok ? result.data : isProblem(result, 'import-rejected') ? result.problem.report : null;
  if (!report) return fill(section, heading, h('p', { class: 'notice bad' }, problemText(result)));
  fill(section, heading,
    report.applied
      ? h('p', { class: 'notice' }, t(`已导入：新建 ${report.created}，更新 ${report.updated}。`, `Imported: ${report.created} created, ${report.updated} updated.`))
      : h('p', { class: 'notice bad' }, t(`发现 ${report.rejected.length} 个问题，未做任何更改。`, `${report.rejected.length} problem(s) found: nothing was changed.`)),
    figures(t('导入数字', 'Import figures'), [
      [t('行数', 'Rows'), String(report.rows)],
      [t('可接受', 'Accepted'), String(report.accepted)],
      [t('新建', 'Created'), String(report.created), { 'data-figure': 'created' }],
      [t('更新', 'Updated'), String(report.updated), { 'data-figure': 'updated' }],
      [t('被拒绝的行', 'Rejected rows'), String(new Set(report.rejected.map((r) => r.line)).size), { 'data-figure': 'rejected', class: report.rejected.length ? 'bad' : '' }],
      kind.id === 'patrons' && [t('读者类型变更', 'Group changes'), String(report.groupChanges)],
    ].filter(Boolean)),
    report.rejected.length > 0 && table(t('被拒绝的行', 'Rejected rows'), [t('行号', 'Line'), t('列', 'Column'), t('原因', 'Reason')],
      report.rejected.map((r) => tr({ 'data-line': r.line }, String(r.line), r.field, r.reason))));
}
