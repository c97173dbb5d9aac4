// The staff console: the staff sign-in, then one section at a time, chosen by the address's hash (#outbox, #audit…).
// Each section is a small module loaded when first shown, calling the same REST API as every other client.
import {
  field, fill, h, lang, onSessionEnd, problemText, readTokens, roles, say, signIn, signOut, stopRepeats, switchLanguage, t,
  translateStaticText, username,
} from './staff.js';

// The roles each section's endpoints accept, as in Api/Auth/StaffPermissions.cs. Only to hide what would be refused:
// the service decides on every call.
const Sections = [
  { id: 'outbox', zh: '通知发件箱', en: 'Outbox', roles: ['admin', 'circulation'], load: () => import('./outbox.js') },
  { id: 'overdue', zh: '逾期跟进', en: 'Overdue follow-up', roles: ['admin', 'circulation'], load: () => import('./overdue.js') },
  { id: 'seats', zh: '座位实况', en: 'Seats now', roles: ['admin', 'circulation'], load: () => import('./seats.js') },
  { id: 'rooms', zh: '研讨室与审批', en: 'Rooms and approvals', roles: ['admin', 'circulation'], load: () => import('./rooms.js') },
  { id: 'announcements', zh: '公告', en: 'Announcements', roles: ['admin', 'announcer'], load: () => import('./announcements.js') },
  { id: 'imports', zh: '批量导入', en: 'Imports', roles: ['admin', 'circulation'], load: () => import('./imports.js') },
  { id: 'audit', zh: '审计日志', en: 'Audit log', roles: ['admin'], load: () => import('./audit.js') },
];

const nav = document.getElementById('sections');
const title = document.getElementById('section-title');
const content = document.getElementById('content');
const signOutButton = document.getElementById('signout');
let shown = null;

const allowed = () => {
  const mine = roles();
  return Sections.filter((section) => section.roles.some((role) => mine.includes(role)));
};

function start() {
  translateStaticText();
  const switcher = document.getElementById('lang');
  // Named in the language it switches to, as language switches are.
  switcher.textContent = lang === 'en' ? '中文' : 'English';
  switcher.lang = lang === 'en' ? 'zh-CN' : 'en';
  switcher.addEventListener('click', switchLanguage);
  signOutButton.addEventListener('click', async () => {
    await signOut();
    showSignIn(t('已退出登录。', 'Signed out.'));
  });
  onSessionEnd(() => showSignIn(t('登录已失效，请重新登录。', 'Your sign-in has ended: please sign in again.'), 'warn'));
  window.addEventListener('hashchange', () => readTokens() && route(true));
  if (readTokens()) showConsole();
  else showSignIn();
}

function showSignIn(message = '', kind = '') {
  stopRepeats();
  shown = null;
  nav.hidden = true;
  signOutButton.hidden = true;
  fill(document.getElementById('who'));
  fill(title, t('员工登录', 'Staff sign-in'));
  document.title = t('员工登录 · 图书馆员工控制台', 'Staff sign-in · Library staff console');
  content.removeAttribute('data-loaded');
  const name = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit' }, t('登录', 'Sign in'));
  const form = h('form', { class: 'card narrow', id: 'signin', onsubmit: async (event) => {
    event.preventDefault();
    submit.disabled = true;
    const result = await signIn(name.value.trim(), password.value);
    submit.disabled = false;
    if (!result.ok) {
      const text = result.status === 401 ? t('用户名或密码不正确。', 'Unknown username or wrong password.') : problemText(result);
      say(text, 'bad');
      password.select();
      return;
    }
    say('');
    showConsole();
  } },
  field(t('用户名', 'Username'), name),
  field(t('密码', 'Password'), password),
  h('p', {}, submit));
  fill(content, form);
  say(message, kind);
  name.focus();
}

function showConsole() {
  const sections = allowed();
  fill(document.getElementById('who'), t(`已登录：${username()}`, `Signed in: ${username()}`));
  signOutButton.hidden = false;
  fill(nav, h('ul', {}, sections.map((section) => h('li', {},
    h('a', { href: `#${section.id}`, 'data-section': section.id },
      h('span', { lang: 'zh-CN' }, section.zh), h('span', { class: 'en', lang: 'en' }, section.en))))));
  nav.hidden = false;
  route(false);
}

async function route(focus) {
  const sections = allowed();
  const id = location.hash.slice(1);
  if (sections.length === 0) {
    shown = null;
    fill(title, t('没有可用的功能', 'Nothing to show'));
    fill(content, h('p', { class: 'notice warn' },
      t('您的角色不能使用本控制台的任何功能。如需权限，请联系管理员。', 'Your roles may not use any part of this console. Ask an administrator for access.')));
    return;
  }
  const section = Sections.find((s) => s.id === id);
  if (!section) {
    history.replaceState(null, '', `#${sections[0].id}`);
    return route(focus);
  }
  if (shown === section.id) return;
  stopRepeats();
  shown = section.id;
  say('');
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.section === section.id) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  fill(title, t(section.zh, section.en));
  document.title = `${t(section.zh, section.en)} · ${t('图书馆员工控制台', 'Library staff console')}`;
  if (focus) title.focus();
  content.removeAttribute('data-loaded');
  if (!sections.includes(section)) {
    fill(content, h('p', { class: 'notice bad' }, t('没有权限：您的角色不能使用此功能。', 'No permission: your role may not use this.')));
    content.dataset.loaded = section.id;
    return;
  }
  fill(content, h('p', { class: 'empty' }, t('加载中…', 'Loading…')));
  content.setAttribute('aria-busy', 'true');
  const module = await section.load();
  if (shown !== section.id) return;
  await module.render(content);
  content.removeAttribute('aria-busy');
  if (shown === section.id) content.dataset.loaded = section.id;
}

start();
