// Binding in the H5 pages: WeChat's sign-in found no card for this WeChat account and left a one-time binding ticket;
// the reader redeems it with card number and PIN, or with the campus login, and goes on to the page they opened.
import { BindingKey, api, busy, fill, h, keepSession, problemText, say, startPage, t } from './app.js';

startPage(show, { signedIn: false });

const messages = {
  'wrong-credentials': ['借书证号或密码错误', 'Wrong card number or PIN'],
  'pin-locked': ['密码错误次数过多，请稍后再试。', 'Too many wrong PINs: try again later.'],
  'card-expired': ['借书证已过期，请到服务台办理续期后再绑定。', 'Your card has expired: renew it at the service desk first.'],
  'card-bound-elsewhere': ['该借书证已绑定其他微信号，请先在原微信号中解绑。', 'This card is bound to another WeChat account: unbind it there first.'],
  'wechat-bound-elsewhere': ['本微信号已绑定其他借书证。', 'This WeChat account is bound to another card.'],
  'no-card-for-campus-user': ['您的校园账号没有对应的借书证，请到服务台咨询。', 'No library card matches your campus account.'],
  'campus-login-failed': ['统一身份认证未能确认您的身份，请重试。', 'The campus login could not be confirmed: please try again.'],
  'invalid-token': ['页面已过期，请从公众号菜单重新打开。', 'This page has expired: open it again from the menu.'],
};

function pending() {
  const binding = JSON.parse(sessionStorage.getItem(BindingKey) ?? 'null');
  return binding && binding.expiresAt > Date.now() ? binding : null;
}

async function show(root) {
  const binding = pending();
  if (!binding) {
    return fill(root, h('p', { class: 'notice warn' }, t('绑定页面已过期。', 'This binding page has expired.')),
      h('p', {}, h('a', { class: 'button block', href: '/bind' }, t('重新绑定借书证', 'Bind your card again'))));
  }
  // Back from the campus login with its ticket: redeem it at once, and take it out of the address first.
  const query = new URLSearchParams(location.search);
  const casTicket = query.get('ticket');
  if (casTicket) {
    history.replaceState(null, '', location.pathname);
    return bind(root, binding, { ticket: binding.ticket, casTicket }, null);
  }
  const card = h('input', { id: 'card', name: 'card', autocomplete: 'username', autocapitalize: 'characters', required: true });
  const pin = h('input', { id: 'pin', name: 'pin', type: 'password', autocomplete: 'current-password', inputmode: 'numeric', required: true });
  const form = h('form', { class: 'card', onsubmit: (event) => {
    event.preventDefault();
    bind(root, binding, { ticket: binding.ticket, cardNumber: card.value.trim(), pin: pin.value }, form.querySelector('button'));
  } },
  h('p', {}, t('绑定后即可续借、预约座位和接收到期提醒。', 'Bind your library card to renew, book seats and get due-date reminders.')),
  h('label', { for: 'card' }, t('借书证号', 'Card number')), card,
  h('label', { for: 'pin' }, t('密码', 'PIN')), pin,
  h('p', {}, h('button', { type: 'submit', class: 'block' }, t('绑定', 'Bind'))),
  binding.campusLoginUrl && h('p', {}, h('a', { class: 'button secondary block', href: binding.campusLoginUrl },
    t('使用统一身份认证登录', 'Use the campus login'))));
  fill(root, form);
  card.focus();
}

async function bind(root, binding, request, button) {
  const run = async () => {
    const result = await api('/api/v1/auth/bind', { method: 'POST', body: request });
    if (result.ok) {
      sessionStorage.removeItem(BindingKey);
      keepSession(result.data);
      say(t('绑定成功。', 'Your card is bound.'));
      return location.replace(binding.returnTo || '/h5/');
    }
    const slug = (result.problem?.type ?? '').split('/').pop();
    const [zh, en] = messages[slug] ?? [problemText(result), problemText(result)];
    const left = result.problem?.attemptsLeft;
    say(left === undefined ? t(zh, en) : t(`${zh}，还可尝试 ${left} 次。`, `${en} (${left} tries left).`), 'bad');
    if (!button) await show(root);
  };
  return button ? busy(button, run) : run();
}
