import type { Pathname } from '$app/types';

/** The icons the app's navigation draws (inline SVG in `NavIcon.svelte`). */
export type NavIconName = 'today' | 'calendar' | 'patients' | 'settings';

/**
 * One place of the app's main navigation: where it goes, its short label, its icon, and the
 * addresses that count as being there (a patient's page is under Patients).
 */
export type NavItem = {
  // Narrowed from every Pathname: `resolve()` of a union of more than 25 paths does not type-check.
  href: Extract<Pathname, '/today' | '/calendar' | '/' | '/settings'>;
  label: string;
  icon: NavIconName;
  /** Path prefixes that mark this item current; `/` alone matches only itself. */
  paths: readonly string[];
};

/**
 * The main navigation, in order: the bottom tab bar on phones, the side rail on wider screens.
 */
export const navItems: readonly NavItem[] = [
  { href: '/today', label: 'Today', icon: 'today', paths: ['/today'] },
  { href: '/calendar', label: 'Calendar', icon: 'calendar', paths: ['/calendar'] },
  { href: '/', label: 'Patients', icon: 'patients', paths: ['/', '/patients'] },
  { href: '/settings', label: 'Settings', icon: 'settings', paths: ['/settings'] },
];

/**
 * Whether `pathname` is at `item` (for `aria-current="page"`).
 *
 * @example
 * isCurrent(patientsItem, '/patients/0190…') // true
 */
export function isCurrent(item: Pick<NavItem, 'paths'>, pathname: string): boolean {
  return item.paths.some((path) =>
    path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`),
  );
}
