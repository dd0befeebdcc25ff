import type { Attachment } from 'svelte/attachments';

const tableRoles = ['table', 'rowgroup', 'row', 'columnheader', 'rowheader', 'cell'];
const tableRoleSelector = tableRoles.map((role) => `[role="${role}"]`).join(',');

/**
 * The calendar library marks its time grid up as an ARIA table whose row groups also hold the
 * appointments (buttons) and its own toolbar, which no table may contain: screen readers meet a
 * broken table and axe reports it. The grid's table roles are dropped (the appointments are
 * buttons that say their time and patient; the board is labelled) and the library's toolbar,
 * unused here (and not drawn: the board's styles), is hidden. Applied again whenever the library redraws.
 *
 * @example <div {@attach plainCalendarRoles}>…<Calendar …/></div>
 */
export const plainCalendarRoles: Attachment<HTMLElement> = (board) => {
  const tidy = () => {
    for (const toolbar of board.querySelectorAll('.ec-toolbar:not([aria-hidden])'))
      toolbar.setAttribute('aria-hidden', 'true');
    for (const element of board.querySelectorAll(tableRoleSelector)) {
      element.setAttribute('role', 'none');
      element.removeAttribute('aria-colindex');
      element.removeAttribute('aria-colspan');
    }
  };
  tidy();
  const observer = new MutationObserver(tidy);
  observer.observe(board, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['role'],
  });
  return () => observer.disconnect();
};
