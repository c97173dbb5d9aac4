// The library's announcements as they went out to readers, newest first; ?id= (a link from a notice) opens at that one.
import { api, fill, h, problemText, startPage, t } from './app.js';
import { dayOf } from './when.js';

startPage(show, { signedIn: false });

const categories = {
  notice: ['通知', 'Notice'],
  closure: ['闭馆', 'Closure'],
  event: ['活动', 'Event'],
  resources: ['资源', 'Resources'],
};

async function show(root) {
  const result = await api('/api/v1/announcements?limit=20');
  if (!result.ok) return fill(root, h('p', { class: 'notice bad' }, problemText(result)));
  const announcements = result.data;
  if (announcements.length === 0) return fill(root, h('p', { class: 'empty' }, t('暂无公告。', 'No announcements yet.')));
  const wanted = Number(new URLSearchParams(location.search).get('id'));
  const cards = announcements.map((announcement) => announcementCard(announcement, announcement.id === wanted));
  fill(root, cards);
  const opened = root.querySelector('.wanted');
  if (opened) {
    opened.scrollIntoView({ block: 'start' });
    opened.querySelector('h2').focus();
  }
}

function announcementCard(announcement, wanted) {
  const [zh, en] = categories[announcement.category] ?? ['公告', 'Announcement'];
  return h('article', { class: `card announcement${wanted ? ' wanted' : ''}`, 'data-announcement-id': announcement.id, id: `a${announcement.id}` },
    h('h2', { tabindex: wanted ? '-1' : null }, announcement.title),
    h('p', { class: 'row meta' }, h('span', { class: `badge${announcement.category === 'closure' ? ' warn' : ''}` }, t(zh, en)),
      announcement.publishedAt && h('time', { datetime: announcement.publishedAt }, dayOf(announcement.publishedAt))),
    h('p', { class: 'body' }, announcement.body),
    safeLink(announcement.link) && h('p', {}, h('a', { href: safeLink(announcement.link), rel: 'noopener' }, t('查看详情', 'Read more'))));
}

// Only web addresses open from a card: a link of any other scheme (javascript:, data:) is left out.
function safeLink(link) {
  if (!link) return null;
  try {
    const url = new URL(link, location.origin);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
