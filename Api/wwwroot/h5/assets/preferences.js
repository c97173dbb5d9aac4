// Notification preferences and the card: which reminders to receive (each switch saved as it changes), the language of
// the pages, replies and notices, the card's standing and its WeChat binding, and unbinding.
import { api, day, fill, forgetSession, h, lang, problemText, rememberLanguage, say, startPage, t } from './app.js';
import { confirmFirst } from './confirm.js';
import { dayOf } from './when.js';

startPage(show);

// What each notice kind is, in the reader's words; grouped as the services are.
const kinds = {
  'due-reminder': ['到期提醒', 'Due date reminders'],
  overdue: ['逾期通知', 'Overdue notices'],
  recall: ['催还通知', 'Recalls'],
  'hold-ready': ['预约到书', 'Hold ready to collect'],
  'hold-expired': ['预约过期', 'Hold expired'],
  'seat-booked': ['座位预约成功', 'Seat booked'],
  'seat-cancelled': ['座位预约被取消', 'Seat booking cancelled'],
  'seat-checkin-closing': ['座位签到即将截止', 'Seat check-in closing'],
  'seat-released': ['座位被释放', 'Seat released'],
  'seat-leave-ending': ['暂离即将到时', 'Seat leave ending'],
  'seat-suspended': ['座位预约暂停', 'Seat booking suspended'],
  'room-invitation': ['研讨室邀请', 'Study room invitations'],
  'room-confirmed': ['研讨室预约成立', 'Study room booking confirmed'],
  'room-approval': ['研讨室审批结果', 'Study room approvals'],
  'room-cancelled': ['研讨室预约取消', 'Study room booking cancelled'],
  'room-starting': ['研讨室即将开始', 'Study room starting soon'],
  'room-released': ['研讨室被释放', 'Study room released'],
  'room-lapsed': ['研讨室预约未成立', 'Study room booking lapsed'],
  'new-arrivals': ['新书通报', 'New arrivals'],
  announcement: ['图书馆公告', 'Library announcements'],
};

const standings = {
  good: ['正常', 'In good standing', ''],
  restricted: ['借阅受限', 'Restricted', 'bad'],
  expired: ['已过期', 'Expired', 'bad'],
};

const bindingRoutes = { pin: ['借书证密码', 'card PIN'], cas: ['统一身份认证', 'campus login'], import: ['图书馆导入', 'library import'] };

async function show(root) {
  const [me, settings] = await Promise.all([api('/api/v1/me'), api('/api/v1/me/notification-preferences')]);
  if (!me.ok) return fill(root, h('p', { class: 'notice bad' }, problemText(me)));
  fill(root,
    settings.ok ? noticeSwitches(settings.data) : h('p', { class: 'notice bad' }, problemText(settings)),
    languageChoice(me.data.preferences.language),
    cardSection(me.data, root));
}

function noticeSwitches(settings) {
  const optional = settings.filter((setting) => setting.optional);
  const always = settings.filter((setting) => !setting.optional);
  return h('section', { class: 'card', 'aria-labelledby': 'notices-heading' },
    h('h2', { id: 'notices-heading' }, t('微信提醒', 'WeChat reminders')),
    h('p', { class: 'meta' }, t('选择要接收的提醒，改动即时保存。', 'Choose the reminders you receive; each change is saved at once.')),
    optional.map(noticeSwitch),
    always.length > 0 && h('details', { class: 'always' },
      h('summary', {}, t(`始终发送的提醒（${always.length} 项）`, `Always sent (${always.length})`)),
      h('p', { class: 'meta', id: 'always-why' }, t('这些提醒关系到您的借阅、预约和他人等待的图书，不能关闭。',
        'These concern your loans, bookings and books others are waiting for: they cannot be switched off.')),
      always.map(noticeSwitch)));
}

function noticeSwitch(setting) {
  const id = `notice-${setting.kind}`;
  const [zh, en] = kinds[setting.kind] ?? [setting.kind, setting.kind];
  const box = h('input', { type: 'checkbox', id, name: setting.kind, checked: setting.enabled, disabled: !setting.optional,
    'aria-describedby': setting.optional ? null : 'always-why' });
  box.addEventListener('change', () => saveSwitch(box, t(zh, en)));
  return h('label', { class: 'switch', for: id }, box, h('span', { class: 'grow' }, t(zh, en)));
}

async function saveSwitch(box, name) {
  const wanted = box.checked;
  box.disabled = true;
  const result = await api('/api/v1/me/notification-preferences', { method: 'PUT', body: { [box.name]: wanted } });
  box.disabled = false;
  if (result.ok) {
    box.checked = result.data.find((setting) => setting.kind === box.name)?.enabled ?? wanted;
    return say(wanted ? t(`已开启：${name}`, `On: ${name}`) : t(`已关闭：${name}`, `Off: ${name}`));
  }
  box.checked = !wanted;
  say(t(`未能保存“${name}”：`, `"${name}" was not saved: `) + problemText(result), 'bad');
}

function languageChoice(current) {
  const option = (value, text, textLang) => {
    const radio = h('input', { type: 'radio', name: 'language', id: `language-${value}`, value, checked: current === value });
    radio.addEventListener('change', () => saveLanguage(radio));
    return h('label', { class: 'switch', for: `language-${value}`, lang: textLang }, radio, h('span', { class: 'grow' }, text));
  };
  return h('section', { class: 'card' },
    h('fieldset', {},
      h('legend', {}, t('语言', 'Language')),
      h('p', { class: 'meta' }, t('页面、聊天回复和提醒使用的语言。', 'For these pages, chat replies and reminders.')),
      option('zh', '中文', 'zh-CN'), option('en', 'English', 'en')));
}

async function saveLanguage(radio) {
  const result = await api('/api/v1/me/preferences', { method: 'PUT', body: { language: radio.value } });
  if (!result.ok) return say(problemText(result), 'bad');
  // The pages read the language from the phone (as the header's switch keeps it); the service now has it too.
  rememberLanguage(radio.value);
  if (radio.value !== lang) location.reload();
  else say(t('语言已保存。', 'Language saved.'));
}

function cardSection(me, root) {
  const [zh, en, kind] = standings[me.standing] ?? [me.standing, me.standing, 'warn'];
  const unbind = h('button', { type: 'button', class: 'danger block unbind' }, t('解除微信绑定', 'Unbind WeChat'));
  unbind.addEventListener('click', () => confirmFirst(unbind,
    t('解除后，本微信号将不再收到借阅提醒，需要重新绑定才能使用。确定解除？',
      'This WeChat account will stop receiving reminders until the card is bound again. Unbind?'),
    t('确定解除', 'Yes, unbind'), () => unbindCard(root)));
  const via = bindingRoutes[me.binding?.via];
  return h('section', { class: 'card', 'aria-labelledby': 'card-heading' },
    h('h2', { id: 'card-heading' }, t('借书证', 'Library card')),
    h('p', { class: 'row' }, h('span', { class: 'grow' }, me.name, ' · ', me.cardNumber),
      h('span', { class: `badge ${kind}`, 'data-standing': me.standing }, t(zh, en))),
    me.restrictionReason && h('p', { class: 'notice bad' }, t('受限原因：', 'Why: '), me.restrictionReason),
    h('p', { class: 'meta' }, t('有效期至 ', 'Valid until '), day(me.expiresOn)),
    me.binding && h('p', { class: 'meta binding' }, t('已绑定本微信', 'Bound to this WeChat'),
      via && t(`（${via[0]}）`, ` (${via[1]})`), ' · ', dayOf(me.binding.boundAt)),
    me.binding && unbind);
}

async function unbindCard(root) {
  const result = await api('/api/v1/me/binding', { method: 'DELETE' });
  if (!result.ok) return say(problemText(result), 'bad');
  // The binding is gone and so is this sign-in.
  forgetSession();
  say(t('已解除绑定，本页已退出登录。', 'Unbound: you are signed out of these pages.'));
  fill(root, h('section', { class: 'card unbound' },
    h('p', {}, t('借书证已与本微信解除绑定。需要时可重新绑定。', 'Your card is no longer bound to this WeChat. You can bind it again at any time.')),
    h('p', {}, h('a', { class: 'button block', href: '/bind' }, t('重新绑定', 'Bind again')))));
}
