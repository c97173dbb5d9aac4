// The overdue follow-up desk: the list to call through (with its filters), one reader's overdue loans by card number,
// a loan's contact history, and a contact with its outcome and next follow-up date.
import {
  api, badge, busy, field, fill, h, newKey, problemText, refusal, say, select, t, table, today, tr, when,
} from './staff.js';

const Channels = [
  ['phone', ['电话', 'Phone']], ['wechat', ['微信', 'WeChat']], ['email', ['电子邮件', 'E-mail']],
  ['enterprise_chat', ['企业微信', 'Enterprise chat']], ['in_person', ['当面', 'In person']],
];
const Outcomes = [
  ['reached', ['已联系上', 'Reached']], ['promised_return', ['承诺归还', 'Promised to return']], ['no_answer', ['无人接听', 'No answer']],
  ['message_left', ['已留言', 'Message left']], ['wrong_contact', ['联系方式有误', 'Wrong contact']], ['disputed', ['有异议', 'Disputed']],
  ['other', ['其他', 'Other']],
];
const named = (list, code) => t(...(list.find(([value]) => value === code)?.[1] ?? [code, code]));

export async function render(root) {
  const panel = h('section', { class: 'panel', 'aria-live': 'polite', id: 'overdue-panel' });
  const list = h('div', {});
  const reader = h('div', {});
  const view = { panel, list, reader, query: new URLSearchParams() };

  const minDays = h('input', { type: 'number', min: '1', name: 'minDaysOverdue', inputmode: 'numeric' });
  const maxDays = h('input', { type: 'number', min: '1', name: 'maxDaysOverdue', inputmode: 'numeric' });
  const group = h('input', { name: 'group', autocomplete: 'off' });
  const college = h('input', { name: 'college', autocomplete: 'off' });
  const branch = h('input', { name: 'branch', autocomplete: 'off' });
  const due = h('input', { type: 'checkbox', name: 'followUpDue', id: 'overdue-due' });
  const filters = h('form', { class: 'filters', onsubmit: (event) => {
    event.preventDefault();
    view.query = new URLSearchParams();
    for (const input of [minDays, maxDays, group, college, branch]) if (input.value.trim()) view.query.set(input.name, input.value.trim());
    if (due.checked) view.query.set('followUpDue', 'true');
    loadList(view);
  } },
  field(t('最少逾期天数', 'Min. days overdue'), minDays),
  field(t('最多逾期天数', 'Max. days overdue'), maxDays),
  field(t('读者类型', 'Patron group'), group),
  field(t('学院', 'College'), college),
  field(t('分馆', 'Branch'), branch),
  h('div', { class: 'field check' }, due, h('label', { for: 'overdue-due' }, t('只看该跟进的', 'Follow-up due only'))),
  h('button', { type: 'submit' }, t('查询', 'Search')));

  const card = h('input', { name: 'cardNumber', autocomplete: 'off', required: true });
  const lookup = h('form', { class: 'filters', onsubmit: (event) => { event.preventDefault(); loadReader(view, card.value.trim()); } },
    field(t('借书证号', 'Card number'), card),
    h('button', { type: 'submit' }, t('查看该读者的逾期借阅', "Show this reader's overdue loans")));

  fill(root,
    h('section', { 'aria-labelledby': 'overdue-list' }, h('h3', { id: 'overdue-list' }, t('逾期清单', 'Overdue list')), filters, list),
    h('section', { 'aria-labelledby': 'overdue-reader' }, h('h3', { id: 'overdue-reader' }, t('按读者查询', 'By reader')), lookup, reader),
    panel);
  await loadList(view);
}

async function loadList(view, after) {
  const query = new URLSearchParams(view.query);
  if (after) query.set('after', after);
  const result = await api(`/api/v1/staff/overdue-loans?${query}`);
  if (!result.ok) return fill(view.list, refusal(result));
  const { loans, nextAfter } = result.data;
  fill(view.list,
    table(t('逾期借阅', 'Overdue loans'),
      [t('读者', 'Reader'), t('题名', 'Title'), t('分馆', 'Branch'), t('应还日期', 'Due'), t('逾期天数', 'Days overdue'),
        t('最近联系', 'Last contact'), t('下次跟进', 'Next follow-up'), t('操作', 'Action')],
      loans.map((loan) => tr({ 'data-loan-id': loan.loanId },
        h('span', {}, loan.borrower.name, h('br'), h('span', { class: 'meta' }, loan.borrower.cardNumber, ' · ', loan.borrower.group,
          loan.borrower.college && ` · ${loan.borrower.college}`, loan.borrower.weChatBound ? '' : ` · ${t('未绑定微信', 'not on WeChat')}`)),
        h('span', {}, loan.title, h('br'), h('span', { class: 'meta' }, loan.barcode)),
        loan.branch,
        loan.dueOn,
        badge(String(loan.daysOverdue), loan.daysOverdue > 30 ? 'bad' : 'warn'),
        loan.lastContact ? h('span', {}, when(loan.lastContact.contactedAt), h('br'),
          h('span', { class: 'meta' }, `${named(Channels, loan.lastContact.channel)} · ${named(Outcomes, loan.lastContact.outcome)} · ${loan.lastContact.staffName}`))
          : t('尚未联系', 'Not contacted'),
        loan.nextFollowUpOn ?? '',
        actions(view, loan.loanId, loan.title))),
      t('没有符合条件的逾期借阅。', 'No overdue loans match.')),
    nextAfter && h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: () => loadList(view, nextAfter) }, t('下一页', 'Next page'))),
    after && h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: () => loadList(view) }, t('回到第一页', 'First page'))));
}

async function loadReader(view, card) {
  if (!card) return;
  const result = await api(`/api/v1/staff/patrons/${encodeURIComponent(card)}/loans`);
  if (!result.ok) return fill(view.reader, result.status === 404 ? h('p', { class: 'notice warn' }, t('没有这个借书证号。', 'No reader has this card number.')) : refusal(result));
  const patron = result.data;
  const overdue = patron.loans.filter((loan) => loan.daysLeft < 0);
  fill(view.reader,
    h('p', {}, h('strong', {}, patron.name), ` · ${patron.cardNumber} · ${patron.group} · `,
      badge(patron.standing, patron.standing === 'good' ? '' : 'bad'), patron.restrictionReason && ` ${patron.restrictionReason}`),
    table(t(`${patron.name}的逾期借阅`, `${patron.name}'s overdue loans`),
      [t('题名', 'Title'), t('条码', 'Barcode'), t('应还日期', 'Due'), t('逾期天数', 'Days overdue'), t('操作', 'Action')],
      overdue.map((loan) => tr({ 'data-loan-id': loan.loan.id }, loan.loan.title, loan.loan.barcode, loan.loan.dueOn,
        badge(String(-loan.daysLeft), 'warn'), actions(view, loan.loan.id, loan.loan.title))),
      t(`该读者没有逾期借阅（在借 ${patron.loans.length} 册）。`, `No overdue loans (${patron.loans.length} on loan).`)));
}

const actions = (view, loanId, title) => h('span', { class: 'row' },
  h('button', { type: 'button', class: 'secondary', onclick: () => openLoan(view, loanId, title, true) }, t('记录联系', 'Add contact'),
    h('span', { class: 'visually-hidden' }, ` ${title}`)),
  h('button', { type: 'button', class: 'secondary', onclick: () => openLoan(view, loanId, title, false) }, t('联系记录', 'History'),
    h('span', { class: 'visually-hidden' }, ` ${title}`)));

/** The loan's contact history, and the form for a new contact (focused when asked for). */
async function openLoan(view, loanId, title, focusForm) {
  const result = await api(`/api/v1/staff/loans/${loanId}/contacts`);
  if (!result.ok) return fill(view.panel, refusal(result));
  const history = result.data;
  const channel = select({ name: 'channel' }, Channels.map(([value, names]) => [value, t(...names)]), 'phone');
  const outcome = select({ name: 'outcome' }, Outcomes.map(([value, names]) => [value, t(...names)]), 'reached');
  const note = h('textarea', { name: 'note', maxlength: '2000', rows: '3' });
  const next = h('input', { type: 'date', name: 'nextFollowUpOn', min: today() });
  const submit = h('button', { type: 'submit' }, t('保存联系记录', 'Save contact'));
  // One key per form: a second click or a retry after a lost answer records the contact once.
  let key = newKey();
  const form = h('form', { class: 'card', onsubmit: async (event) => {
    event.preventDefault();
    await busy(submit, async () => {
      const body = { channel: channel.value, outcome: outcome.value, note: note.value.trim() || undefined, nextFollowUpOn: next.value || undefined };
      const saved = await api(`/api/v1/staff/loans/${loanId}/contacts`, { method: 'POST', body, key });
      if (!saved.ok) return say(problemText(saved), 'bad');
      key = newKey();
      say(t(`已记录对《${title}》借阅者的联系。`, `Contact about "${title}" recorded.`));
      await Promise.all([openLoan(view, loanId, title, false), loadList(view)]);
    });
  } },
  h('h4', {}, t('新的联系', 'New contact')),
  h('div', { class: 'grid' },
    field(t('联系方式', 'Channel'), channel),
    field(t('联系结果', 'Outcome'), outcome),
    field(t('下次跟进日期', 'Next follow-up'), next)),
  field(t('备注', 'Note'), note),
  h('p', {}, submit));
  fill(view.panel,
    h('h3', { id: 'overdue-loan' }, t(`《${history.title}》`, `"${history.title}"`)),
    h('p', { class: 'meta' }, `${history.borrowerName} · ${history.cardNumber} · ${history.barcode} · ${t('应还', 'due')} ${history.dueOn}`,
      history.closed ? ` · ${t('已归还，跟进已结束', 'returned: case closed')}` : ` · ${t(`逾期 ${history.daysOverdue} 天`, `${history.daysOverdue} days overdue`)}`),
    table(t('联系记录', 'Contacts'), [t('时间', 'When'), t('工作人员', 'Staff'), t('方式', 'Channel'), t('结果', 'Outcome'), t('备注', 'Note'), t('下次跟进', 'Next')],
      history.contacts.map((contact) => tr({}, when(contact.contactedAt), contact.staffName, named(Channels, contact.channel),
        named(Outcomes, contact.outcome), contact.note, contact.nextFollowUpOn ?? '')),
      t('还没有联系记录。', 'No contact yet.')),
    history.closed ? null : form);
  if (focusForm && !history.closed) channel.focus();
  else view.panel.querySelector('h3').scrollIntoView({ block: 'nearest' });
}
