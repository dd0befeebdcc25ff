import { describe, expect, it } from 'vitest';
import { isCurrent, navItems } from './navigation';

function currentAt(pathname: string): string[] {
  return navItems.filter((item) => isCurrent(item, pathname)).map((item) => item.label);
}

describe('main navigation', () => {
  it('marks Patients on the list, a new patient and any patient page', () => {
    for (const path of ['/', '/patients/new', '/patients/0190a/records/0190b'])
      expect(currentAt(path), path).toEqual(['Patients']);
  });

  it('marks Today on /today', () => {
    expect(currentAt('/today')).toEqual(['Today']);
  });

  it('marks Settings anywhere under /settings', () => {
    for (const path of ['/settings', '/settings/templates/0190c', '/settings/clinic'])
      expect(currentAt(path), path).toEqual(['Settings']);
  });

  it('marks nothing elsewhere, and no look-alike prefix', () => {
    expect(currentAt('/no-such-page')).toEqual([]);
    expect(currentAt('/settingsx')).toEqual([]);
    expect(currentAt('/patientsx')).toEqual([]);
  });
});
