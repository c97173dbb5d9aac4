// Opening hours, branch by branch: open now or not, today's hours (a holiday or exam-season day included), the weekly
// hours and the days ahead that differ from them. Public: no sign-in.
import { api, day, fill, h, lang, problemText, startPage, t } from './app.js';

startPage(show, { signedIn: false });

const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const weekdayNames = {
  monday: ['周一', 'Monday'], tuesday: ['周二', 'Tuesday'], wednesday: ['周三', 'Wednesday'], thursday: ['周四', 'Thursday'],
  friday: ['周五', 'Friday'], saturday: ['周六', 'Saturday'], sunday: ['周日', 'Sunday'],
};

async function show(root) {
  const result = await api('/api/v1/branches');
  if (!result.ok) return fill(root, h('p', { class: 'notice bad' }, problemText(result)));
  if (result.data.length === 0) return fill(root, h('p', { class: 'empty' }, t('暂无开放时间信息。', 'No opening hours yet.')));
  const calendars = await Promise.all(result.data.map((branch) => api(`/api/v1/branches/${encodeURIComponent(branch.code)}/calendar`)));
  fill(root, result.data.map((branch, i) => branchCard(branch, calendars[i].ok ? calendars[i].data.days : null)));
}

function branchCard(branch, days) {
  const name = lang === 'en' && branch.nameEn ? branch.nameEn : branch.name;
  const today = days?.[0];
  const special = (days ?? []).filter((d) => d.reason).slice(0, 10);
  const todayName = weekdays[(new Date().getDay() + 6) % 7];
  return h('article', { class: 'card branch', 'data-branch': branch.code },
    h('h2', { class: 'row' }, h('span', { class: 'grow' }, name),
      branch.openNow ? h('span', { class: 'badge' }, t('开放中', 'Open now')) : h('span', { class: 'badge bad' }, t('已闭馆', 'Closed now'))),
    branch.address && h('p', { class: 'meta' }, branch.address),
    today && h('p', { class: 'today' }, t('今天 ', 'Today '),
      h('strong', {}, today.open ? `${today.opens}–${today.closes}` : t('闭馆', 'closed')), today.reason && ` · ${today.reason}`),
    h('table', { class: 'hours' },
      h('caption', { class: 'visually-hidden' }, t(`${name}每周开放时间`, `${name}: weekly hours`)),
      h('tbody', {}, weekdays.map((weekday) => {
        const hours = branch.hours.filter((hour) => hour.day === weekday).map((hour) => `${hour.opens}–${hour.closes}`);
        return h('tr', { class: weekday === todayName ? 'is-today' : null },
          h('th', { scope: 'row' }, t(...weekdayNames[weekday])),
          h('td', {}, hours.length ? hours.join(t('，', ', ')) : t('闭馆', 'Closed')));
      }))),
    special.length > 0 && h('div', { class: 'special' },
      h('h3', {}, t('近期特殊安排', 'Coming changes')),
      h('ul', {}, special.map((d) => h('li', { 'data-date': d.date }, day(d.date), '：',
        d.open ? `${d.opens}–${d.closes}` : t('闭馆', 'closed'), ` · ${d.reason}`)))));
}
