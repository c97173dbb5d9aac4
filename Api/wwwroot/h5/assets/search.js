// Catalogue search: title, author or ISBN; each title found with its copies per branch, and a hold where every copy is out.
// The words stay in the address (?q=), so a reload, a shared link or a return from sign-in shows the same results.
import { api, fill, h, problemText, say, startPage, t } from './app.js';
import { copiesOf, holdControl } from './titles.js';

// Browsed without signing in (a visitor may search too); placing a hold signs the reader in.
startPage(show, { signedIn: false });

function show(root) {
  const words = new URLSearchParams(location.search).get('q') ?? '';
  const input = h('input', { id: 'q', name: 'q', type: 'search', value: words, autocomplete: 'off', enterkeyhint: 'search', maxlength: 200 });
  const results = h('section', { id: 'results', 'aria-label': t('检索结果', 'Results') });
  const form = h('form', { role: 'search', class: 'card search', onsubmit: (event) => {
    event.preventDefault();
    search(input.value.trim(), results, form);
  } },
  h('label', { for: 'q' }, t('书名、作者或 ISBN', 'Title, author or ISBN')),
  h('div', { class: 'row' }, h('div', { class: 'grow' }, input), h('button', { type: 'submit' }, t('检索', 'Search'))));
  fill(root, form, results);
  if (words) search(words, results, form);
  else input.focus();
}

async function search(words, results, form) {
  if (!words) return say(t('请输入要找的书名、作者或 ISBN。', 'Type a title, an author or an ISBN.'), 'warn');
  const query = new URLSearchParams(location.search);
  query.set('q', words);
  history.replaceState(null, '', `${location.pathname}?${query}`);
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  const result = await api(`/api/v1/catalogue/search?q=${encodeURIComponent(words)}&limit=20`);
  button.disabled = false;
  if (!result.ok) return say(problemText(result), 'bad');
  const { hits } = result.data;
  say(hits.length === 0
    ? t(`没有找到与“${words}”相关的馆藏。`, `Nothing found for "${words}".`)
    : t(`找到 ${hits.length} 种馆藏。`, `${hits.length} titles found.`), hits.length === 0 ? 'warn' : '');
  fill(results, hits.map((hit) => h('article', { class: 'card title', 'data-title-id': hit.titleId },
    h('h2', {}, hit.title),
    (hit.author || hit.isbn) && h('p', { class: 'meta' }, hit.author, hit.author && hit.isbn && ' · ', hit.isbn && `ISBN ${hit.isbn}`),
    copiesOf(hit),
    holdControl(hit))));
}
