// My holds: where each stands (place in the queue, on its way, waiting on the hold shelf until when), cancel with a
// second tap, and those ended in the last 30 days.
import { api, day, fill, h, problemText, say, startPage, t } from './app.js';
import { confirmFirst } from './confirm.js';

startPage(show);

const open = (hold) => ['waiting', 'in_transit', 'ready'].includes(hold.status);

async function show(root) {
  const result = await api('/api/v1/me/holds');
  if (!result.ok) return fill(root, h('p', { class: 'notice bad' }, problemText(result)));
  const current = result.data.holds.filter(open);
  const ended = result.data.holds.filter((hold) => !open(hold));
  fill(root,
    current.length === 0
      ? h('p', { class: 'empty' }, t('目前没有预约。', 'You have no holds.'), ' ', h('a', { href: '/h5/search' }, t('去检索', 'Search the catalogue')))
      : h('p', { class: 'meta' }, t(`共 ${current.length} 个预约，${current.filter((hold) => hold.status === 'ready').length} 个可取书`,
          `${current.length} holds, ${current.filter((hold) => hold.status === 'ready').length} ready to collect`)),
    current.map((hold) => holdCard(hold, root)),
    ended.length > 0 && h('h2', {}, t('最近 30 天结束的预约', 'Ended in the last 30 days')),
    ended.map((hold) => holdCard(hold, root)));
}

function statusOf(hold) {
  switch (hold.status) {
    case 'waiting':
      return [h('span', { class: 'badge warn' }, t('排队中', 'Waiting')), ' ', t(`第 ${hold.position} 位`, `number ${hold.position} in the queue`)];
    case 'in_transit':
      return [h('span', { class: 'badge' }, t('在途', 'On its way')), ' ', t(`正送往${hold.pickupBranch.name}`, `to ${hold.pickupBranch.name}`)];
    case 'ready':
      return [h('span', { class: 'badge' }, t('可取书', 'Ready to collect'))];
    default:
      return [h('span', { class: 'badge bad' }, endedText(hold))];
  }
}

function endedText(hold) {
  switch (hold.endReason) {
    case 'fulfilled': return t('已借出', 'Collected');
    case 'cancelled_by_reader': return t('您已取消', 'You cancelled it');
    case 'cancelled_by_staff': return t('馆员已取消', 'Cancelled by the library');
    case 'not_needed': return t('已过不再需要的日期', 'Past the date you needed it by');
    case 'pickup_expired': return t('未按时取书，已过期', 'Not collected in time');
    default: return hold.status === 'fulfilled' ? t('已借出', 'Collected') : hold.status === 'expired' ? t('已过期', 'Expired') : t('已取消', 'Cancelled');
  }
}

function holdCard(hold, root) {
  const card = h('article', { class: `card hold-card ${hold.status}`, 'data-hold-id': hold.id },
    h('h2', {}, hold.title),
    hold.author && h('p', { class: 'meta' }, hold.author),
    h('p', { class: 'row status' }, statusOf(hold)),
    hold.status === 'ready' && h('p', { class: 'pickup' },
      t('取书地点：', 'Collect at: '), h('strong', {}, hold.pickupBranch.name), h('br'),
      t('请于 ', 'Collect by '), h('strong', {}, day(hold.pickupBy)), t(' 前取书', '')),
    hold.status !== 'ready' && open(hold) && h('p', { class: 'meta' }, t('取书地点：', 'Collect at: '), hold.pickupBranch.name),
    hold.itemBarcode && open(hold) && h('p', { class: 'meta' }, t('条码 ', 'Barcode '), hold.itemBarcode),
    hold.notNeededAfter && open(hold) && h('p', { class: 'meta' }, t(`${day(hold.notNeededAfter)}后不再需要`, `Not needed after ${day(hold.notNeededAfter)}`)));
  if (open(hold)) {
    const cancel = h('button', { type: 'button', class: 'secondary block cancel' }, t('取消预约', 'Cancel hold'));
    cancel.addEventListener('click', () => confirmFirst(cancel,
      hold.status === 'ready'
        ? t(`确定取消《${hold.title}》的预约？书将留给下一位读者。`, `Cancel your hold on "${hold.title}"? The copy goes to the next reader.`)
        : t(`确定取消《${hold.title}》的预约？`, `Cancel your hold on "${hold.title}"?`),
      t('确定取消', 'Yes, cancel'), () => cancelHold(hold, root)));
    card.append(cancel);
  }
  return card;
}

async function cancelHold(hold, root) {
  const result = await api(`/api/v1/me/holds/${hold.id}`, { method: 'DELETE' });
  if (result.ok) say(t(`已取消《${hold.title}》的预约。`, `Your hold on "${hold.title}" is cancelled.`));
  else if (result.status === 409)
    say(t(`《${hold.title}》的预约已经结束，无需取消。`, `Your hold on "${hold.title}" had already ended.`), 'warn');
  else if (result.status === 404)
    say(t('找不到这个预约，可能已被取消。', 'This hold no longer exists: it may have been cancelled.'), 'warn');
  else return say(problemText(result), 'bad');
  await show(root);
}
