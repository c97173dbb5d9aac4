// A title's copies per branch and its hold button, as the search and new-arrivals pages show them.
import { api, busy, fill, h, lang, problemText, reasonList, returnedFromSignIn, say, signedIn, t } from './app.js';

const branchName = (branch) => (lang === 'en' && branch.nameEn ? branch.nameEn : branch.name);

/** Whether a copy is on the shelf now, overall and branch by branch. */
export function copiesOf(hit) {
  if (hit.copies === 0) return h('p', { class: 'meta' }, t('暂无可外借的馆藏', 'No copies that can be borrowed'));
  return h('div', { class: 'copies' },
    h('p', { class: 'row' }, hit.available > 0
      ? h('span', { class: 'badge' }, t(`在架 ${hit.available} 本`, `${hit.available} on the shelf`))
      : h('span', { class: 'badge warn' }, t('全部借出', 'All copies out'))),
    h('ul', { class: 'branches', 'aria-label': t('各馆馆藏', 'Copies by branch') },
      hit.branches.map((branch) => h('li', { 'data-branch': branch.branch }, branchName(branch), '：',
        t(`在架 ${branch.available} / 共 ${branch.copies} 本`, `${branch.available} of ${branch.copies} on the shelf`)))));
}

/**
 * The hold button where a hold can be placed: the title circulates and every copy is out (a copy on the shelf is
 * borrowed, not held). The service has the last word: a refusal shows every reason it gives.
 */
export function holdControl(hit) {
  if (hit.copies === 0 || hit.available > 0) return null;
  const slot = h('div', { class: 'hold' });
  const button = h('button', { type: 'button', class: 'block place-hold', onclick: () => placeHold(button, hit, slot) },
    t('预约此书', 'Place a hold'));
  // Tapped before signing in: the hold the reader asked for is placed once WeChat has brought them straight back.
  if (returnedFromSignIn && pendingHold() === hit.titleId) {
    sessionStorage.removeItem(PendingHold);
    queueMicrotask(() => placeHold(button, hit, slot));
  }
  return fill(slot, button);
}

// These pages can be browsed without signing in; a hold signs the reader in first, which leaves the page. The tap is
// remembered for that round trip only (two minutes at most): never acted on later, elsewhere, or after a binding.
const PendingHold = 'wl-pending-hold';

function pendingHold() {
  const pending = JSON.parse(sessionStorage.getItem(PendingHold) ?? 'null');
  return pending && pending.path === location.pathname && Date.now() - pending.at < 120_000 ? pending.titleId : null;
}

async function placeHold(button, hit, slot) {
  await busy(button, async () => {
    if (!signedIn()) sessionStorage.setItem(PendingHold, JSON.stringify({ titleId: hit.titleId, path: location.pathname, at: Date.now() }));
    const result = await api('/api/v1/me/holds', { method: 'POST', body: { titleId: hit.titleId }, intent: `hold:${hit.titleId}` });
    sessionStorage.removeItem(PendingHold);
    if (result.ok) {
      const { position, pickupBranch, recalledACopy } = result.data;
      const done = t(`已预约《${hit.title}》：排第 ${position} 位，到书后在${pickupBranch.name}取书。`,
        `Hold placed on "${hit.title}": number ${position} in the queue, to collect at ${pickupBranch.name}.`);
      const recall = recalledACopy ? t('已为您向借书读者催还一本。', 'A copy has been recalled from its borrower.') : '';
      fill(slot, h('p', { class: 'notice placed' }, done, recall && ` ${recall}`), h('p', {}, h('a', { href: '/h5/holds' }, t('查看我的预约', 'See my holds'))));
      return say(done);
    }
    if (result.problem?.reasons) {
      fill(slot, h('p', { class: 'meta' }, t('不能预约：', 'Cannot be held:')),
        reasonList(result.problem.reasons));
      return say(t(`《${hit.title}》未能预约。`, `"${hit.title}" was not held.`), 'warn');
    }
    say(problemText(result), 'bad');
  });
}
