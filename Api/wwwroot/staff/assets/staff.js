// What every section of the staff console shares: the language, the staff sign-in's tokens, calls to the REST API,
// and a few builders (tables, labelled fields, badges). The DOM builder is the reader pages' own.
import { fill, h } from '/h5/assets/app.js';

export { fill, h };

const TokensKey = 'wl-staff-tokens';
const UserKey = 'wl-staff-user';
const LanguageKey = 'wl-staff-lang';

// ---- Language: Chinese unless this browser chose English. ----

export const lang = localStorage.getItem(LanguageKey) === 'en' ? 'en' : 'zh';

/** The Chinese or the English text, as the staff member reads. */
export const t = (zh, en) => (lang === 'en' ? en : zh);

export function translateStaticText() {
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  if (lang !== 'en') return;
  for (const element of document.querySelectorAll('[data-en]')) element.textContent = element.dataset.en;
  for (const element of document.querySelectorAll('[data-en-label]')) element.setAttribute('aria-label', element.dataset.enLabel);
}

export function switchLanguage() {
  localStorage.setItem(LanguageKey, lang === 'en' ? 'zh' : 'en');
  location.reload();
}

// ---- Tokens: kept for this tab only (sessionStorage), as a shared desk computer should. ----

export function readTokens() {
  try {
    return JSON.parse(sessionStorage.getItem(TokensKey));
  } catch {
    return null;
  }
}

export function saveTokens(tokens, username) {
  if (tokens) sessionStorage.setItem(TokensKey, JSON.stringify(tokens));
  else sessionStorage.removeItem(TokensKey);
  if (username) sessionStorage.setItem(UserKey, username);
  if (!tokens) sessionStorage.removeItem(UserKey);
}

export const username = () => sessionStorage.getItem(UserKey) ?? '';

/**
 * The roles the access token names. Read only to hide what the service would refuse: the service checks every call
 * against its own role matrix, whatever this says.
 */
export function roles() {
  const token = readTokens()?.accessToken;
  if (!token) return [];
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return [payload.role ?? []].flat();
  } catch {
    return [];
  }
}

let sessionEnded = () => {};

/** What to do when the session ends (refresh refused): the console shows its sign-in again. */
export const onSessionEnd = (handler) => { sessionEnded = handler; };

export async function signIn(name, password) {
  const response = await fetch('/api/v1/auth/staff/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username: name, password }),
  }).catch(() => null);
  const data = await response?.json().catch(() => null);
  if (response?.ok) saveTokens(data, name);
  return response?.ok ? { ok: true } : { ok: false, status: response?.status ?? 0, problem: data ?? {} };
}

export async function signOut() {
  // The service ends the session's refresh token and every access token issued with it.
  await api('/api/v1/auth/logout', { method: 'POST' });
  saveTokens(null);
}

let refreshing = null;

/** A new access token with the refresh token: one refresh at a time, shared by the calls that need it. */
function refresh() {
  refreshing ??= (async () => {
    const tokens = readTokens();
    if (!tokens?.refreshToken) return false;
    const response = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ refreshToken: tokens.refreshToken }),
    }).catch(() => null);
    if (response?.ok) saveTokens(await response.json());
    return !!response?.ok;
  })().finally(() => { refreshing = null; });
  return refreshing;
}

// ---- The REST API ----

/** A key that makes a repeated click (or a retry after a lost answer) harmless where the service honours it. */
export const newKey = () => crypto.randomUUID();

/**
 * Calls the API as the signed-in staff member: { ok, status, data } or { ok: false, status, problem }. A JSON body
 * goes as body; a file or text as file with its type. An expired access token is refreshed once.
 */
export async function api(path, { method = 'GET', body, file, type = 'text/csv', key } = {}) {
  for (let attempt = 0; ; attempt++) {
    const headers = { Accept: 'application/json' };
    const tokens = readTokens();
    if (tokens) headers.Authorization = `Bearer ${tokens.accessToken}`;
    let payload;
    if (file !== undefined) {
      headers['Content-Type'] = type;
      payload = file;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    if (key) headers['Idempotency-Key'] = key;
    let response;
    try {
      response = await fetch(path, { method, headers, body: payload });
    } catch {
      return { ok: false, status: 0, problem: {} };
    }
    if (response.status === 401 && attempt === 0 && (await refresh())) continue;
    if (response.status === 401 && tokens) {
      saveTokens(null);
      sessionEnded();
    }
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    return response.ok ? { ok: true, status: response.status, data } : { ok: false, status: response.status, problem: data ?? {} };
  }
}

/** Whether a refusal is of this problem type (the type is a URL ending in the code). */
export const isProblem = (result, code) => String(result.problem?.type ?? '').endsWith(`/${code}`) || result.problem?.type === code;

/** What to tell the staff member about a refused call, in words. */
export function problemText(result) {
  const problem = result.problem ?? {};
  if (result.status === 0) return t('网络不通，请稍后再试。', 'No connection: please try again.');
  if (result.status === 403) return t('没有权限：您的角色不能使用此功能。', 'No permission: your role may not use this.');
  if (result.status === 401) return t('登录已失效，请重新登录。', 'Your sign-in has ended: please sign in again.');
  if (result.status >= 500) return t('服务繁忙，请稍后再试。', 'The service is busy: please try again shortly.');
  if (problem.errors && typeof problem.errors === 'object') {
    const fields = Object.entries(problem.errors).map(([name, messages]) => `${name}: ${[messages].flat().join(', ')}`);
    if (fields.length) return `${t('请检查：', 'Please check: ')}${fields.join('; ')}`;
  }
  return problem.detail ?? problem.title ?? t('操作未成功。', 'That did not work.');
}

// ---- The page ----

/** Says something in the live region (read out by screen readers); kind: '', 'warn' or 'bad'. */
export function say(text, kind = '') {
  const status = document.getElementById('status');
  status.className = text ? `notice ${kind}` : '';
  status.textContent = text ?? '';
}

/** Runs a button's action once at a time: the button is disabled until the answer comes. */
export async function busy(button, action) {
  if (button.disabled) return;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    await action();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

const timers = new Set();

/** Repeats fn while the section is shown (live views); the console stops every repeat when it changes section. */
export function every(milliseconds, fn) {
  timers.add(setInterval(fn, milliseconds));
}

export function stopRepeats() {
  for (const timer of timers) clearInterval(timer);
  timers.clear();
}

// ---- Builders ----

let fields = 0;

/** A control with its label (the control gets an id when it has none). */
export function field(label, control, hint) {
  control.id ||= `field-${++fields}`;
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hint && h('p', { class: 'meta' }, hint));
}

/** A select of [value, text] options. */
export function select(attributes, options, selected) {
  return h('select', attributes, options.map(([value, text]) => h('option', { value, selected: value === selected }, text)));
}

/**
 * A table that scrolls within its own box on a narrow screen; the box is focusable, so a keyboard can scroll it too.
 * rows are <tr> elements (see tr()).
 */
export function table(label, headings, rows, empty = t('没有记录。', 'Nothing here.')) {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h('div', { class: 'scroll', role: 'region', 'aria-label': label, tabindex: '0' },
    h('table', {},
      h('caption', { class: 'visually-hidden' }, label),
      h('thead', {}, h('tr', {}, headings.map((heading) => h('th', { scope: 'col' }, heading)))),
      h('tbody', {}, rows)));
}

export const tr = (attributes, ...cells) => h('tr', attributes, cells.map((cell) => h('td', {}, cell)));

export const badge = (text, kind = '') => h('span', { class: `badge ${kind}`.trim() }, text);

/** Figures as a row of tiles: [label, value, attributes]. */
export const figures = (label, items) =>
  h('dl', { class: 'figures', 'aria-label': label }, items.map(([name, value, attributes]) => h('div', attributes ?? {}, h('dt', {}, name), h('dd', {}, value))));

const pad = (n) => String(n).padStart(2, '0');

/** A time as "YYYY-MM-DD HH:mm" on this computer's clock. */
export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A time of day as "HH:mm". */
export function clock(iso) {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Today on this computer's calendar, "YYYY-MM-DD". */
export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A refusal, in words, inside the section. */
export const refusal = (result) => h('p', { class: 'notice bad' }, problemText(result));
