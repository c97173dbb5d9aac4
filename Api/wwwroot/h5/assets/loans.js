// My loans: every open loan, most urgent first, with a renew button where a renewal is allowed and every reason where not.
import { api, busy, day, fill, h, problemText, reasonItems, say, startPage, t } from './app.js';

startPage(show);

async function show(root) {
  const result = await api('/api/v1/me/loans');
  if (!result.ok) return root.replaceChildren(h('p', { class: 'notice bad' }, problemText(result)));
  const { standing, restrictionReason, loans } = result.data;
  const renewable = loans.filter((loan) => loan.renewal.allowed);
  fill(root,
    standingNotice(standing, restrictionReason),
    loans.length === 0
      ? h('p', { class: 'empty' }, t('目前没有在借的图书。', 'You have no books on loan.'))
      : h('p', { class: 'row' },
          h('span', { class: 'grow meta' }, t(`共 ${loans.length} 本，${renewable.length} 本可续借`, `${loans.length} on loan, ${renewable.length} renewable now`)),
          renewable.length > 1 && h('button', { type: 'button', class: 'secondary', onclick: (event) => renewAll(event.currentTarget, root) },
            t('全部续借', 'Renew all'))),
    loans.map((loan) => loanCard(loan, root)));
}

function standingNotice(standing, reason) {
  if (standing === 'restricted')
    return h('p', { class: 'notice bad' }, t('您的借阅权限已受限，暂不能续借', 'Borrowing is restricted on your card'), reason ? `：${reason}` : '');
  if (standing === 'expired')
    return h('p', { class: 'notice bad' }, t('您的借书证已过期，请到服务台办理续期。', 'Your card has expired: renew it at the service desk.'));
  return null;
}

function dueBadge(daysLeft) {
  if (daysLeft < 0) return h('span', { class: 'badge bad' }, t(`逾期 ${-daysLeft} 天`, `${-daysLeft} days overdue`));
  if (daysLeft === 0) return h('span', { class: 'badge warn' }, t('今天到期', 'Due today'));
  if (daysLeft <= 3) return h('span', { class: 'badge warn' }, t(`${daysLeft} 天后到期`, `Due in ${daysLeft} days`));
  return null;
}

function loanCard(loan, root) {
  const reasons = h('ul', { class: 'reasons', 'aria-label': t('不能续借的原因', 'Why it cannot be renewed') },
    reasonItems(loan.renewal.reasons));
  const renewals = loan.renewalsLeft === null
    ? t(`已续借 ${loan.renewalCount} 次`, `Renewed ${loan.renewalCount} times`)
    : t(`已续借 ${loan.renewalCount} 次，还可续借 ${loan.renewalsLeft} 次`, `Renewed ${loan.renewalCount}, ${loan.renewalsLeft} left`);
  return h('article', { class: 'card loan', 'data-loan-id': loan.id },
    h('h2', {}, loan.title),
    loan.author && h('p', { class: 'meta' }, loan.author),
    h('p', { class: 'row' }, h('span', { class: 'grow' }, t('应还日期 ', 'Due '), h('strong', {}, day(loan.dueOn))), dueBadge(loan.daysLeft)),
    h('p', { class: 'meta' }, t('条码 ', 'Barcode '), loan.barcode, loan.callNumber && ` · ${t('索书号', 'Call no.')} ${loan.callNumber}`),
    h('p', { class: 'meta' }, renewals),
    loan.renewal.allowed
      ? h('button', { type: 'button', class: 'block renew', onclick: (event) => renew(event.currentTarget, loan, reasons, root) },
          t(`续借至 ${day(loan.renewal.newDueOn)}`, `Renew to ${day(loan.renewal.newDueOn)}`))
      : h('div', {}, h('p', { class: 'meta' }, t('暂不能续借：', 'Cannot be renewed now:')), reasons));
}

async function renew(button, loan, reasons, root) {
  await busy(button, async () => {
    const result = await api(`/api/v1/me/loans/${loan.id}/renewal`, { method: 'POST', intent: `renew:${loan.id}` });
    if (result.ok) {
      say(t(`《${loan.title}》已续借，应还日期改为 ${day(result.data.dueOn)}。`, `Renewed "${loan.title}": now due ${day(result.data.dueOn)}.`));
      return show(root);
    }
    if (result.problem?.reasons) {
      fill(reasons, reasonItems(result.problem.reasons));
      button.replaceWith(h('div', {}, h('p', { class: 'meta' }, t('未能续借：', 'Not renewed:')), reasons));
      return say(t(`《${loan.title}》未能续借。`, `"${loan.title}" was not renewed.`), 'warn');
    }
    say(problemText(result), 'bad');
  });
}

async function renewAll(button, root) {
  await busy(button, async () => {
    const result = await api('/api/v1/me/loans/renewals', { method: 'POST', intent: 'renew-all' });
    if (!result.ok) return say(problemText(result), 'bad');
    const { renewed, notRenewed } = result.data;
    say(t(`已续借 ${renewed.length} 本，${notRenewed.length} 本未能续借。`, `${renewed.length} renewed, ${notRenewed.length} not renewed.`),
      notRenewed.length ? 'warn' : '');
    await show(root);
  });
}
