// The reader pages' home: one tap to each page.
import { h, startPage, t } from './app.js';

const pages = [
  ['/h5/loans', '我的借阅', 'My loans', '续借与应还日期', 'Renew, due dates'],
  ['/h5/holds', '图书预约', 'Holds', '预约与取书', 'Requests and pick-up'],
  ['/h5/seats', '座位预约', 'Seats', '楼层座位与签到', 'Floor map, check-in'],
  ['/h5/rooms', '研讨室', 'Study rooms', '预约、邀请与确认', 'Book, invite, confirm'],
  ['/h5/new-books', '新书通报', 'New arrivals', '近期到馆新书', 'Recently added'],
  ['/h5/search', '馆藏检索', 'Search', '书名、作者、ISBN', 'Title, author, ISBN'],
  ['/h5/announcements', '通知公告', 'Announcements', '图书馆公告', 'From the library'],
  ['/h5/preferences', '消息设置', 'Notifications', '选择接收的提醒', 'Choose your reminders'],
  ['/h5/hours', '开放时间', 'Opening hours', '各馆开放与闭馆', 'Branches, closures'],
];

startPage((root) => root.replaceChildren(h('nav', { class: 'tiles', 'aria-label': t('服务', 'Services') },
  pages.map(([href, zh, en, zhHint, enHint]) => h('a', { href }, t(zh, en), h('span', {}, t(zhHint, enHint)))))), { signedIn: false });
