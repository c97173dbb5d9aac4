// What every reader page shares: the language, the sign-in, calls to the REST API and a small DOM builder.
// No framework: a page is a few kilobytes of its own on top of this module, fast on a weak phone.

const TokensKey = 'wl-tokens';
const LanguageKey = 'wl-lang';

// ---- Language: Chinese unless the reader chose English (kept on the phone and in their preferences). ----

export const lang = localStorage.getItem(LanguageKey) === 'en' ? 'en' : 'zh';

/** The Chinese or the English text, as the reader reads. */
export const t = (zh, en) => (lang === 'en' ? en : zh);

function translateStaticText() {
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  if (lang !== 'en') return;
  for (const element of document.querySelectorAll('[data-en]')) element.textContent = element.dataset.en;
  for (const element of document.querySelectorAll('[data-en-label]')) element.setAttribute('aria-label', element.dataset.enLabel);
  if (document.title && document.querySelector('h1[data-en]')) document.title = document.querySelector('h1[data-en]').dataset.en;
}

/** Keeps the reader's language on the phone (the pages read it from there). */
export const rememberLanguage = (value) => localStorage.setItem(LanguageKey, value === 'en' ? 'en' : 'zh');

async function switchLanguage() {
  const next = lang === 'en' ? 'zh' : 'en';
  rememberLanguage(next);
  // The chat and the notices follow the same choice; the page does not wait for them to hear of it.
  if (readTokens()) await api('/api/v1/me/preferences', { method: 'PUT', body: { language: next } });
  location.reload();
}

// ---- DOM: elements from data, never from HTML strings, so nothing a reader typed can run as script. ----

/** h('p', { class: 'meta' }, 'text', child…): attributes beginning with "on" are listeners. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Replaces an element's children; arrays are flattened and empty values left out, as in h(). */
export function fill(element, ...children) {
  element.replaceChildren(...children.flat(Infinity).filter((child) => child !== undefined && child !== null && child !== false)
    .map((child) => (child instanceof Node ? child : document.createTextNode(String(child)))));
  return element;
}

/** A refusal's reasons (each with its stable code and the service's words), as list items and as a list. */
export const reasonItems = (reasons) => reasons.map((reason) => h('li', { 'data-code': reason.code }, reason.message));
export const reasonList = (reasons) => h('ul', { class: 'reasons' }, reasonItems(reasons));

/** Says something in the page's live region (read out by screen readers); kind: '', 'warn' or 'bad'. */
export function say(text, kind = '') {
  const status = document.getElementById('status');
  status.className = text ? `notice ${kind}` : '';
  status.textContent = text ?? '';
  if (text) status.scrollIntoView({ block: 'nearest' });
}

/** A date "YYYY-MM-DD" as the reader reads it: 12月1日（周二） or Tue 1 Dec. */
export function day(iso) {
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = date.getUTCDay();
  return lang === 'en'
    ? `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][weekday]} ${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]}`
    : `${m}月${d}日（周${'日一二三四五六'[weekday]}）`;
}

// ---- Sign-in: WeChat OAuth2 (snsapi_base) in WeChat's browser; a development sign-in elsewhere when offered. ----

const inWeChat = /MicroMessenger/i.test(navigator.userAgent);

function readTokens() {
  try {
    return JSON.parse(sessionStorage.getItem(TokensKey));
  } catch {
    return null;
  }
}

function saveTokens(tokens) {
  if (tokens) sessionStorage.setItem(TokensKey, JSON.stringify(tokens));
  else sessionStorage.removeItem(TokensKey);
}

/** Where the binding page finds the binding ticket that WeChat's sign-in gave an unbound reader. */
export const BindingKey = 'wl-binding';

/** Keeps the tokens of a session the page started itself (the binding page's). */
export const keepSession = (tokens) => saveTokens(tokens);

/** Whether this tab holds a sign-in. */
export const signedIn = () => readTokens() !== null;

/** Forgets this tab's sign-in (after an unbind, say): the next call signs in again. */
export const forgetSession = () => saveTokens(null);

const never = () => new Promise(() => {});

const SignInStartedKey = 'wl-signin-started';

function goToWeChatSignIn() {
  // Sent to sign in again moments after coming back signed in: something is wrong that another round will not mend.
  const started = Number(sessionStorage.getItem(SignInStartedKey));
  if (started && Date.now() - started < 30_000) {
    sessionStorage.removeItem(SignInStartedKey);
    fail(t('登录未完成，请稍后从公众号菜单重新打开本页。', 'Sign-in did not complete: open this page again from the menu shortly.'));
    return never();
  }
  sessionStorage.setItem(SignInStartedKey, String(Date.now()));
  const returnTo = location.pathname + location.search;
  location.replace(`/api/v1/auth/wechat/start?returnTo=${encodeURIComponent(returnTo)}`);
  return never();
}

let signingIn = null;

/** Resolves once the reader is signed in; otherwise sends them to sign in (and never resolves). One at a time. */
function signIn() {
  signingIn ??= startSignIn().finally(() => { signingIn = null; });
  return signingIn;
}

/** Whether this page load came back from WeChat's sign-in (so an action the reader started before it may go on). */
export let returnedFromSignIn = false;

async function startSignIn() {
  const query = new URLSearchParams(location.search);
  const code = query.get('code');
  const state = query.get('state');
  if (code && state) {
    // WeChat came back with a one-time code: trade it, then take it out of the address so a reload never resends it.
    query.delete('code');
    query.delete('state');
    history.replaceState(null, '', location.pathname + (query.size ? `?${query}` : ''));
    const response = await fetch('/api/v1/auth/wechat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ code, state }),
    }).catch(() => null);
    const body = await response?.json().catch(() => null);
    if (response?.ok && body?.bound) {
      saveTokens(body.tokens);
      returnedFromSignIn = true;
      return;
    }
    if (response?.ok && body) {
      // Not bound yet: the binding page redeems this one-time ticket with the card's PIN or the campus login.
      sessionStorage.setItem(BindingKey, JSON.stringify({
        ticket: body.bindingTicket, campusLoginUrl: body.campusLoginUrl, returnTo: location.pathname + location.search,
        expiresAt: Date.now() + body.bindingTicketExpiresIn * 1000,
      }));
      location.replace('/h5/bind');
      return never();
    }
    fail(t('登录未完成，请从公众号菜单重新打开本页。', 'Sign-in did not complete: open this page again from the menu.'));
    return never();
  }
  if (readTokens()) return;
  if (inWeChat) return goToWeChatSignIn();
  const development = await fetch('/api/v1/auth/development').catch(() => null);
  if (development?.status === 204) return developmentSignIn();
  fail(t('请在微信中打开本页面。', 'Please open this page in WeChat.'));
  return never();
}

function developmentSignIn() {
  return new Promise((resolve) => {
    const card = h('input', { id: 'dev-card', name: 'card', autocomplete: 'off', autocapitalize: 'characters', required: true });
    const form = h('form', { class: 'card', onsubmit: (event) => {
      event.preventDefault();
      busy(form.querySelector('button'), async () => {
        const response = await fetch('/api/v1/auth/development', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ cardNumber: card.value }),
        }).catch(() => null);
        if (!response?.ok) {
          return say(response?.status === 401 ? t('没有已绑定微信的该借书证。', 'No bound reader has this card.')
            : t('网络不通，请稍后再试。', 'No connection: please try again.'), 'bad');
        }
        saveTokens(await response.json());
        say('');
        resolve();
      });
    } },
    h('h2', {}, t('开发登录', 'Development sign-in')),
    h('p', { class: 'meta' }, t('不在微信中：以已绑定的读者身份登录（仅开发环境）。', 'Outside WeChat: sign in as a bound reader (development only).')),
    h('label', { for: 'dev-card' }, t('借书证号', 'Card number')), card,
    h('p', {}, h('button', { type: 'submit', class: 'block' }, t('登录', 'Sign in'))),
    h('p', {}, h('a', { href: '#', onclick: (event) => { event.preventDefault(); goToWeChatSignIn(); } }, t('或使用微信授权登录', 'Or sign in with WeChat'))));
    content().replaceChildren(form);
    card.focus();
  });
}

let refreshing = null;

/**
 * A new access token with the refresh token (one refresh at a time, shared by the calls that need it): 'renewed',
 * 'ended' (the service ended the session: sign in again) or 'unavailable' (no answer, too many requests, a 5xx: the
 * refresh token may still be good, so it is kept).
 */
function refresh() {
  refreshing ??= (async () => {
    const tokens = readTokens();
    if (!tokens?.refreshToken) return 'ended';
    const response = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ refreshToken: tokens.refreshToken }),
    }).catch(() => null);
    if (response?.ok) {
      saveTokens(await response.json());
      return 'renewed';
    }
    if (response?.status === 401 || response?.status === 400) {
      saveTokens(null);
      return 'ended';
    }
    return 'unavailable';
  })().finally(() => { refreshing = null; });
  return refreshing;
}

// ---- The REST API ----

/** A key that makes a repeated tap (or a retry after a lost answer) harmless: the service answers it once. */
export const newKey = () => crypto.randomUUID();

// One key per thing the reader means to do, kept until the service has answered it: a retry after a lost answer (or a
// 5xx, or "still running") is the same request, not a second renewal.
const intents = new Map();
const settled = (status) => status >= 200 && status < 500 && status !== 409;

/**
 * Calls the API as the signed-in reader: { ok, status, data } or { ok: false, status, problem }. An expired access
 * token is refreshed once; a session that ended sends the reader to sign in again.
 */
export async function api(path, { method = 'GET', body, key, intent } = {}) {
  if (intent) {
    key = intents.get(intent) ?? newKey();
    intents.set(intent, key);
  }
  const result = await call(path, method, body, key);
  if (intent && settled(result.status)) intents.delete(intent);
  return result;
}

async function call(path, method, body, key) {
  for (let attempt = 0; ; attempt++) {
    const headers = { Accept: 'application/json' };
    const tokens = readTokens();
    if (tokens) headers.Authorization = `Bearer ${tokens.accessToken}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (key) headers['Idempotency-Key'] = key;
    let response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      return { ok: false, status: 0, problem: { detail: t('网络不通，请稍后再试。', 'No connection: please try again.') } };
    }
    if (response.status === 401 && attempt === 0) {
      const refreshed = await refresh();
      if (refreshed === 'renewed') continue;
      if (refreshed === 'unavailable') return { ok: false, status: 503, problem: {} };
    }
    if (response.status === 401) {
      saveTokens(null);
      await signIn();
      if (attempt < 2) continue;
    }
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    return response.ok ? { ok: true, status: response.status, data } : { ok: false, status: response.status, problem: data ?? {} };
  }
}

/** What to tell the reader about a refused call. */
export function problemText(result) {
  const problem = result.problem ?? {};
  if (result.status === 429) return t('操作太频繁，请稍后再试。', 'Too many requests: please wait a moment.');
  if (result.status === 503 || result.status >= 500) return t('服务繁忙，请稍后再试。', 'The service is busy: please try again shortly.');
  if (result.status === 403) return problem.detail ?? t('您暂时不能使用此功能。', 'You cannot use this now.');
  return problem.detail ?? problem.title ?? t('操作未成功。', 'That did not work.');
}

// ---- The page ----

export const content = () => document.getElementById('content');

/** Runs a button's action once at a time: the button is disabled (and says so) until the answer comes. */
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

/**
 * Starts a page: its static text in the reader's language, the language switch, the sign-in (unless the page may be
 * browsed signed out: then its first call that needs a reader signs them in), then render().
 */
export async function startPage(render, { signedIn = true } = {}) {
  translateStaticText();
  const switcher = document.getElementById('lang');
  if (switcher) {
    // Named in the language it switches to, as language switches are.
    switcher.textContent = lang === 'en' ? '中文' : 'English';
    switcher.lang = lang === 'en' ? 'zh-CN' : 'en';
    switcher.addEventListener('click', switchLanguage);
  }
  // A page readers may browse signed out still finishes a sign-in it started (WeChat came back with a code).
  if (signedIn || new URLSearchParams(location.search).has('code')) await signIn();
  await render(content());
}

function fail(text) {
  content().replaceChildren(h('p', { class: 'notice bad', role: 'alert' }, text));
}
