// The WeChat simulator: phones that chat with the account through the fake WeChat (which signs, seals and posts
// each message to the service, and records what the service pushes). Every text goes in with textContent.

const texts = {
  zh: {
    title: '微信模拟器', mode: '消息模式', plain: '明文', compatible: '兼容', safe: '安全', callback: '服务器地址 (URL)',
    addPhone: '添加读者', otherLanguage: 'English', account: '图书馆', reader: '读者 openid', subscribe: '关注',
    unsubscribe: '取消关注', remove: '移除', scanned: '扫到的内容（如座位码 M3Q-005）', send: '发送', cancel: '取消',
    message: '消息', menu: '菜单', phone: '读者 {0} 的手机', phones: '手机', chat: '聊天记录',
    hint: '每条消息都像微信服务器那样签名（安全与兼容模式下再加密）后发给服务；消息模式须与服务的 WeChat:MessageMode 一致。',
    noMenu: '公众号还没有菜单：菜单要发布到（模拟的）微信才会出现。scripts/run.sh 启动时会发布；也可运行',
    noMenuOr: '或由管理员调用',
    clicked: '点击菜单「{0}」', scannedNote: '扫码「{0}」：{1}', opened: '打开「{0}」', subscribed: '关注了公众号',
    unsubscribed: '取消关注了公众号', template: '模板消息', custom: '客服消息', mass: '群发消息', details: '详情',
    timeout: '服务 5 秒内没有回答：微信会向读者显示“该公众号暂时无法提供服务”。',
    unreachable: '连不上服务（{0}）：它在运行吗？', status: '服务回答 HTTP {0}，微信不会显示回复。',
    modeHint: '消息模式或 Token 与服务的设置不一致时，服务会拒绝消息。', reply: '微信读不懂服务的回复：{0}',
    badOpenId: '请先填写读者的 openid（6–64 个字母、数字、_ 或 -）。', fakeDown: '模拟器的后台没有回答。',
    refused: '模拟器拒绝了这条消息：{0}', unknownReply: '（{0} 类型的回复）',
  },
  en: {
    title: 'WeChat simulator', mode: 'Message mode', plain: 'Plain', compatible: 'Compatible', safe: 'Safe',
    callback: 'Server URL', addPhone: 'Add a reader', otherLanguage: '中文', account: 'Library', reader: 'Reader openid',
    subscribe: 'Follow', unsubscribe: 'Unfollow', remove: 'Remove', scanned: 'Scanned text (a seat code such as M3Q-005)',
    send: 'Send', cancel: 'Cancel', message: 'Message', menu: 'Menu', phone: 'Phone of reader {0}', phones: 'Phones',
    chat: 'Chat',
    hint: 'Each message is signed (and, in safe and compatible mode, encrypted) as WeChat\'s servers do it, then posted to the service; the mode must match the service\'s WeChat:MessageMode.',
    noMenu: 'The account has no menu yet: it appears once published to the (fake) WeChat. scripts/run.sh publishes it; or run',
    noMenuOr: 'or, as an admin, call',
    clicked: 'Tapped “{0}”', scannedNote: 'Scanned with “{0}”: {1}', opened: 'Opened “{0}”', subscribed: 'Followed the account',
    unsubscribed: 'Unfollowed the account', template: 'Template message', custom: 'Customer-service message',
    mass: 'Mass message', details: 'Details',
    timeout: 'The service did not answer within 5 s: WeChat would show the reader “this account cannot serve you now”.',
    unreachable: 'The service cannot be reached ({0}): is it running?', status: 'The service answered HTTP {0}; WeChat shows no reply.',
    modeHint: 'The service refuses messages whose mode or Token differ from its own settings.',
    reply: 'WeChat cannot read the service\'s reply: {0}',
    badOpenId: 'Enter the reader\'s openid first (6–64 letters, digits, _ or -).', fakeDown: 'The simulator\'s back end did not answer.',
    refused: 'The simulator refused the message: {0}', unknownReply: '(a reply of type {0})',
  },
};

const query = new URLSearchParams(location.search);
let lang = query.get('lang') === 'en' || (query.get('lang') !== 'zh' && localStorage.getItem('simulator.lang') === 'en') ? 'en' : 'zh';
const t = (key, ...args) => (texts[lang][key] ?? texts.zh[key]).replace(/\{(\d)\}/g, (_, i) => args[Number(i)] ?? '');
const openIdPattern = /^[0-9A-Za-z_-]{6,64}$/;

const page = { menu: null, menuId: 0, accepted: 0, mass: 0, readers: [], phones: [] };
const phonesRoot = document.getElementById('phones');
const callbackInput = document.getElementById('callback');

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  node.append(...children.filter(child => child != null));
  return node;
}

const mode = () => document.querySelector('input[name=mode]:checked').value;

// Opens a URL in WeChat's browser as this reader: the fake OAuth then signs in as them.
const asReader = (openId, url) => `/simulator/open?openid=${encodeURIComponent(openId)}&url=${encodeURIComponent(url)}`;

function link(openId, url, text) {
  return /^https?:\/\//i.test(url)
    ? el('a', { href: asReader(openId, url), target: '_blank', rel: 'noopener' }, text)
    : document.createTextNode(text);
}

// WeChat shows text as written, with its <a href="…">…</a> tags and bare URLs as links.
function richText(openId, text) {
  const fragment = document.createDocumentFragment();
  const pattern = /<a\s+href=(["'])(.*?)\1\s*>([\s\S]*?)<\/a>|(https?:\/\/[^\s<>"'，。）]+)/gi;
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    fragment.append(text.slice(at, match.index));
    fragment.append(match[4] ? link(openId, match[4], match[4]) : link(openId, match[2].replaceAll('&amp;', '&'), match[3]));
    at = match.index + match[0].length;
  }
  fragment.append(text.slice(at));
  return fragment;
}

function translate() {
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  document.title = `${t('title')} · WeChatLib`;
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t(node.dataset.t);
  document.getElementById('language').lang = lang === 'en' ? 'zh-CN' : 'en';
  phonesRoot.setAttribute('aria-label', t('phones'));
  for (const phone of page.phones) {
    for (const node of phone.root.querySelectorAll('[data-t]')) node.textContent = t(node.dataset.t);
    phone.label();
    renderMenu(phone);
  }
}

function addPhone(openId) {
  const root = document.getElementById('phone').content.firstElementChild.cloneNode(true);
  const input = root.querySelector('.openid');
  const chat = root.querySelector('.chat');
  const scan = root.querySelector('.scan');
  const compose = root.querySelector('.compose');
  const number = page.phones.length + 1 + Math.floor(Math.random() * 1e6);
  input.id = `openid-${number}`;
  const phone = {
    root, chat, scanKey: null,
    openId: () => input.value.trim(),
    label() {
      root.setAttribute('aria-label', t('phone', this.openId() || '?'));
      chat.setAttribute('aria-label', t('chat'));
      root.querySelector('.menu').setAttribute('aria-label', t('menu'));
    },
    add(item) {
      chat.append(item);
      chat.scrollTop = chat.scrollHeight;
      return item;
    },
    note(text) { return this.add(el('li', { class: 'msg note', text })); },
    mine(text) { return this.add(el('li', { class: 'msg me', text })); },
    error(text) { return this.add(el('li', { class: 'msg error', text })); },
  };
  input.value = openId ?? '';
  input.addEventListener('change', () => phone.label());
  root.querySelector('.subscribe').addEventListener('click', () => send(phone, { type: 'subscribe' }, () => phone.note(t('subscribed'))));
  root.querySelector('.unsubscribe').addEventListener('click', () => send(phone, { type: 'unsubscribe' }, () => phone.note(t('unsubscribed'))));
  root.querySelector('.remove').addEventListener('click', () => {
    if (page.phones.length === 1) return;
    page.phones.splice(page.phones.indexOf(phone), 1);
    root.remove();
    document.getElementById('add-phone').focus();
  });
  compose.addEventListener('submit', event => {
    event.preventDefault();
    const text = compose.querySelector('.text');
    const content = text.value;
    if (!content.trim()) return;
    send(phone, { type: 'text', content }, () => phone.mine(content)).then(sent => { if (sent) text.value = ''; });
  });
  scan.addEventListener('submit', event => {
    event.preventDefault();
    const scanned = scan.querySelector('.scanned');
    const { key, name, type } = phone.scanKey;
    send(phone, { type, key, content: scanned.value }, () => phone.note(t('scannedNote', name, scanned.value)));
    scanned.value = '';
    scan.hidden = true;
  });
  root.querySelector('.scan-cancel').addEventListener('click', () => { scan.hidden = true; });
  page.phones.push(phone);
  phonesRoot.append(root);
  for (const node of root.querySelectorAll('[data-t]')) node.textContent = t(node.dataset.t);
  phone.label();
  renderMenu(phone);
  return phone;
}

// Posts through the fake WeChat; true when the message was sent (whatever the service answered).
async function send(phone, action, echo) {
  const openId = phone.openId();
  if (!openIdPattern.test(openId)) {
    phone.error(t('badOpenId'));
    phone.root.querySelector('.openid').focus();
    return false;
  }
  echo?.();
  let outcome;
  try {
    const response = await fetch('/simulator/api/send', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ openId, mode: mode(), callbackUrl: callbackInput.value.trim(), ...action }),
    });
    outcome = await response.json();
    if (!response.ok) {
      phone.error(t('refused', outcome.error ?? response.status));
      return false;
    }
  } catch {
    phone.error(t('fakeDown'));
    return false;
  }
  if (outcome.error) phone.error(describe(outcome));
  else if (outcome.reply) showReply(phone, openId, outcome.reply);
  return true;
}

function describe(outcome) {
  switch (outcome.error) {
    case 'timeout': return t('timeout');
    case 'unreachable': return t('unreachable', outcome.detail);
    case 'status': return `${t('status', outcome.status)} ${outcome.status === 401 || outcome.status === 400 ? t('modeHint') : ''}`.trim();
    default: return t('reply', outcome.detail);
  }
}

function showReply(phone, openId, reply) {
  if (reply.type === 'text') {
    phone.add(el('li', { class: 'msg account' }, richText(openId, reply.content)));
  } else if (reply.type === 'news') {
    phone.add(el('li', { class: 'msg account news' }, ...reply.articles.map(article =>
      el('a', { href: asReader(openId, article.url), target: '_blank', rel: 'noopener' },
        el('strong', { text: article.title }), article.description ? el('span', { text: article.description }) : null))));
  } else {
    phone.add(el('li', { class: 'msg account', text: t('unknownReply', reply.type) }));
  }
}

function showPush(phone, push) {
  const openId = phone.openId();
  if (push.kind === 'template') {
    phone.add(el('li', { class: 'msg account card template', 'data-push': push.id },
      el('span', { class: 'label', text: t('template') }),
      el('h3', { text: push.templateId ?? '' }),
      el('dl', {}, ...push.fields.flatMap(field => [el('dt', { text: field.key }), el('dd', { text: field.value })])),
      push.url ? el('a', { class: 'more', href: asReader(openId, push.url), target: '_blank', rel: 'noopener' }, t('details')) : null));
  } else {
    phone.add(el('li', { class: `msg account ${push.kind}`, 'data-push': push.id },
      el('span', { class: 'label', text: t(push.kind) }), richText(openId, push.text ?? '')));
  }
}

function closeMenus(except) {
  for (const button of document.querySelectorAll('.menu button[aria-expanded=true]')) {
    if (button === except) continue;
    button.setAttribute('aria-expanded', 'false');
    document.getElementById(button.getAttribute('aria-controls')).hidden = true;
  }
}

// One menu entry as WeChat would act on it: a click event, a scan, or a page opened as this reader.
function menuItem(phone, button) {
  const name = button.name ?? '';
  if (button.type === 'view' && button.url) {
    return el('a', {
      href: '#', target: '_blank', rel: 'noopener',
      onclick: event => {
        event.currentTarget.href = asReader(phone.openId(), button.url);
        closeMenus();
        send(phone, { type: 'view', key: button.url }, () => phone.note(t('opened', name)));
      },
    }, name);
  }
  return el('button', {
    type: 'button',
    onclick: () => {
      closeMenus();
      if (button.type === 'scancode_waitmsg' || button.type === 'scancode_push') {
        phone.scanKey = { key: button.key, name, type: button.type };
        const scan = phone.root.querySelector('.scan');
        scan.hidden = false;
        scan.querySelector('.scanned').focus();
      } else {
        send(phone, { type: 'click', key: button.key }, () => phone.note(t('clicked', name)));
      }
    },
  }, name);
}

function renderMenu(phone) {
  const nav = phone.root.querySelector('.menu');
  nav.replaceChildren();
  if (!page.menu?.button?.length) {
    nav.append(el('p', { class: 'no-menu' }, `${t('noMenu')} `, el('code', { text: 'dotnet WeChatLib.Api.dll publish-menu' }),
      ` ${t('noMenuOr')} `, el('code', { text: 'POST /api/v1/staff/menu/publish' }), '.'));
    return;
  }
  page.menu.button.forEach((top, index) => {
    const cell = el('div', { class: 'top' });
    if (Array.isArray(top.sub_button) && top.sub_button.length) {
      const id = `${phone.root.querySelector('.openid').id}-menu-${index}`;
      const popup = el('ul', { class: 'popup', id, hidden: '' }, ...top.sub_button.map(sub => el('li', {}, menuItem(phone, sub))));
      const opener = el('button', {
        type: 'button', 'aria-expanded': 'false', 'aria-controls': id,
        onclick: event => {
          event.stopPropagation();
          const open = opener.getAttribute('aria-expanded') !== 'true';
          closeMenus(opener);
          opener.setAttribute('aria-expanded', String(open));
          popup.hidden = !open;
          if (open) popup.querySelector('button, a')?.focus();
        },
      }, top.name ?? '');
      popup.addEventListener('keydown', event => {
        if (event.key === 'Escape') {
          closeMenus();
          opener.focus();
        }
      });
      cell.append(opener, popup);
    } else {
      cell.append(menuItem(phone, top));
    }
    nav.append(cell);
  });
}

async function loadState(first) {
  const state = await (await fetch('/simulator/api/state')).json();
  page.menu = state.menu;
  page.menuId = state.menuId;
  if (first) {
    page.accepted = state.accepted;
    page.mass = state.mass;
    page.readers = state.readers;
    callbackInput.value = state.callbackUrl;
    document.querySelector(`input[name=mode][value=${state.mode}]`).checked = true;
    document.getElementById('readers').replaceChildren(...state.readers.map(reader => el('option', { value: reader.openId, label: reader.name })));
  }
  for (const phone of page.phones) renderMenu(phone);
}

async function poll() {
  try {
    const response = await fetch(`/simulator/api/pushes?accepted=${page.accepted}&mass=${page.mass}`);
    const answer = await response.json();
    page.accepted = answer.accepted;
    page.mass = answer.mass;
    if (answer.menuId !== page.menuId) await loadState(false);
    for (const push of answer.pushes) {
      for (const phone of page.phones) {
        if (push.toAll || push.openIds.includes(phone.openId())) showPush(phone, push);
      }
    }
  } catch {
    // The fake restarted or is stopping: the next poll tries again.
  } finally {
    setTimeout(poll, 1000);
  }
}

function nextReader() {
  const shown = new Set(page.phones.map(phone => phone.openId()));
  return page.readers.find(reader => !shown.has(reader.openId))?.openId ?? '';
}

document.addEventListener('click', event => {
  if (!event.target.closest?.('.menu')) closeMenus();
});
document.addEventListener('keydown', event => {
  if (event.key === 'Escape') closeMenus();
});
document.getElementById('add-phone').addEventListener('click', () => addPhone(nextReader()).root.querySelector('.openid').focus());
document.getElementById('language').addEventListener('click', () => {
  lang = lang === 'en' ? 'zh' : 'en';
  localStorage.setItem('simulator.lang', lang);
  translate();
});
document.getElementById('settings').addEventListener('submit', event => event.preventDefault());

await loadState(true);
const chosen = (query.get('readers') ?? '').split(',').map(openId => openId.trim()).filter(Boolean);
for (const openId of chosen.length ? chosen : page.readers.slice(0, 2).map(reader => reader.openId)) addPhone(openId);
translate();
poll();
