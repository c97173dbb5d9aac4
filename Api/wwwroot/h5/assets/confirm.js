// A second tap before something that cannot be undone (cancelling a hold, unbinding the card), in the page rather than
// in a browser dialog, so that it reads out, takes the page's language and is as large as any other button.
import { busy, h, t } from './app.js';

/** Puts a question with "yes" and "no" in the button's place; "yes" runs the action, "no" brings the button back. */
export function confirmFirst(button, question, yesText, action) {
  const yes = h('button', { type: 'button', class: 'danger' }, yesText);
  const no = h('button', { type: 'button', class: 'secondary' }, t('不了', 'No'));
  const group = h('div', { class: 'confirm', role: 'group', 'aria-label': question },
    h('p', {}, question), h('p', { class: 'row' }, yes, no));
  yes.addEventListener('click', () => busy(yes, action));
  no.addEventListener('click', () => {
    group.replaceWith(button);
    button.focus();
  });
  button.replaceWith(group);
  yes.focus();
  return group;
}
