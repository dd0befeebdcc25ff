import { seedClinic, seededPatient } from '../scripts/bench-seed.mjs';
import { expect, signIn, test } from './fixtures.ts';

const server = () => {
  const url = process.env.BEDSIDE_URL;
  if (!url) throw new Error('BEDSIDE_URL is not set: run through playwright.config.ts');
  return url;
};

let clinicCounter = 0;
function account() {
  return {
    email: `search-${Date.now()}-${++clinicCounter}@clinic.test`,
    password: 'correct horse battery',
  };
}

const nameOf = (index: number) => {
  const patient = seededPatient(index);
  return `${patient.familyName}, ${patient.givenName}`;
};

test('a second device finds a patient while 5,000 are still downloading', async ({
  openDevice,
}) => {
  const owner = account();
  await seedClinic(server(), owner, 5_000);
  const tablet = await openDevice('tablet');
  // The first page of the download goes through; the rest waits until the search has answered.
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let pulls = 0;
  await tablet.context.route('**/api/sync/pull?**', async (route) => {
    if (pulls++ > 0) await released;
    await route.continue();
  });

  await signIn(tablet.page, owner);
  const search = tablet.page.getByRole('searchbox', { name: 'Search patients' });
  await search.fill(seededPatient(10).identifier.slice(-7));
  await expect(tablet.page.getByRole('link', { name: nameOf(10) })).toBeVisible();
  await expect(tablet.page.getByText(/^1 patient matches/)).toBeVisible();
  await search.fill('');
  const count = tablet.page.locator('p.count');
  await expect(count).toHaveText(/^[\d,]+ patients$/);
  expect(Number((await count.textContent())!.replace(/\D/g, ''))).toBeLessThan(5_000);

  release();
  await expect(count).toHaveText('5,000 patients', { timeout: 60_000 });
  const list = tablet.page.getByRole('list', { name: 'Patients' });
  // Only the rows near the screen are drawn, each saying where it sits in the whole list.
  expect(await list.getByRole('listitem').count()).toBeLessThan(100);
  await expect(list.getByRole('listitem').first()).toHaveAttribute('aria-setsize', '5000');
  await tablet.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(list.getByRole('listitem').last()).toHaveAttribute('aria-posinset', '5000');
  await expect(list.getByRole('listitem').last().getByRole('link')).toBeVisible();
});

test('search finds names without punctuation or accents, identifier parts, dates and phones', async ({
  openDevice,
}) => {
  const owner = account();
  await seedClinic(server(), owner, 60);
  const desktop = await openDevice('desktop');
  await signIn(desktop.page, owner);
  const page = desktop.page;
  await expect(page.locator('p.count')).toHaveText('60 patients');
  const search = page.getByRole('searchbox', { name: 'Search patients' });
  const list = page.getByRole('list', { name: 'Patients' });
  const finds = async (query: string, names: string[]) => {
    await search.fill(query);
    await expect(page.locator('p.count')).toContainText(`“${query}”`);
    await expect(list.getByRole('link')).toHaveText(names.map((name) => new RegExp(`^${name}`)));
  };

  // Nine O'Connells and nine Müllers (patients 0–8 and 9–17), in name order.
  const connells = Array.from({ length: 9 }, (_, index) => nameOf(index)).sort();
  await search.fill('oconnell');
  await expect(page.getByText('9 patients match “oconnell”')).toBeVisible();
  await expect(list.getByRole('link')).toHaveCount(9);
  await expect(list.getByRole('link').first()).toContainText(connells[0]!);
  await search.fill('muller');
  await expect(page.getByText('9 patients match “muller”')).toBeVisible();
  await expect(list.getByRole('link').first()).toContainText('Müller');

  await finds('0042', [nameOf(42)]);
  await finds('mrn-0000042', [nameOf(42)]);

  // The hint says how this browser writes dates; a date typed that way finds the patient.
  const hint = await page.locator('#patient-search-hint').textContent();
  const [year, month, day] = seededPatient(37).birthDate.split('-');
  const typed = hint!.includes('DD/MM/YYYY')
    ? `${day}/${month}/${year}`
    : hint!.includes('MM/DD/YYYY')
      ? `${month}/${day}/${year}`
      : `${year}-${month}-${day}`;
  await finds(typed, [nameOf(37)]);
  await finds(seededPatient(37).birthDate, [nameOf(37)]);

  const phone = seededPatient(23).phone;
  await finds(phone, [nameOf(23)]);
  await finds(phone.replace(/\D/g, ''), [nameOf(23)]);
  await finds(phone.replace(/\D/g, '').replace(/^(\d{2})(\d{4})/, '$1 $2 '), [nameOf(23)]);

  await search.fill('zzqx');
  await expect(page.getByRole('heading', { name: 'No patients match “zzqx”' })).toBeVisible();
});
