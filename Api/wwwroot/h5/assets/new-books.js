// New arrivals: titles new to the library in the last 30 days, by the week they arrived, each with its copies on the
// shelf and a hold where every copy is out. A link from the chat (?title=ID) opens at that title.
import { api, day, fill, h, problemText, startPage, t } from './app.js';
import { copiesOf, holdControl } from './titles.js';
import { isoDay } from './when.js';

// Browsed without signing in (a visitor may search too); placing a hold signs the reader in.
startPage(show, { signedIn: false });

async function show(root) {
  const result = await api('/api/v1/new-arrivals?limit=30');
  if (!result.ok) return fill(root, h('p', { class: 'notice bad' }, problemText(result)));
  const { titles } = result.data;
  if (titles.length === 0) return fill(root, h('p', { class: 'empty' }, t('最近 30 天没有新书到馆。', 'No new titles arrived in the last 30 days.')));
  const weeks = new Map();
  for (const title of titles) {
    const monday = mondayOf(title.accessionedOn);
    if (!weeks.has(monday)) weeks.set(monday, []);
    weeks.get(monday).push(title);
  }
  const cards = new Map(titles.map((title) => [title.titleId, arrivalCard(title)]));
  fill(root,
    h('p', { class: 'meta' }, t(`最近 30 天到馆 ${titles.length} 种`, `${titles.length} titles in the last 30 days`)),
    [...weeks].map(([monday, list]) => h('section', { 'aria-label': weekName(monday) },
      h('h2', {}, weekName(monday)), list.map((title) => cards.get(title.titleId)))));
  const wanted = cards.get(Number(new URLSearchParams(location.search).get('title')));
  if (wanted) {
    wanted.classList.add('wanted');
    wanted.scrollIntoView({ block: 'start' });
  }
}

function arrivalCard(title) {
  return h('article', { class: 'card arrival', 'data-title-id': title.titleId },
    h('h3', {}, title.title),
    title.author && h('p', { class: 'meta' }, title.author),
    h('p', { class: 'meta' }, t(`${day(title.accessionedOn)}到馆`, `Arrived ${day(title.accessionedOn)}`),
      title.clcClass && ` · ${t('分类号', 'Class')} ${title.clcClass}`),
    copiesOf(title),
    holdControl(title));
}

function mondayOf(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

function weekName(monday) {
  const thisWeek = mondayOf(isoDay(new Date()));
  if (monday === thisWeek) return t('本周到馆', 'This week');
  return t(`${day(monday)}起的一周`, `Week of ${day(monday)}`);
}
