import {
  addPatient,
  createClinic,
  expect,
  expectSynced,
  openPatient,
  openSettings,
  test,
} from './fixtures.ts';
import { mailTo } from './mail.ts';
import { expectNoAxeViolations } from './axe.ts';

test('the owner invites a clinician and an assistant; each signs up from the emailed link, and the assistant cannot open a note', async ({
  openDevice,
}) => {
  const owner = await openDevice('desktop');
  await createClinic(owner.page);
  // A patient with a note, for the front desk not to read.
  await addPatient(owner.page, { given: 'Jo', family: 'Vance' });
  await owner.page.getByRole('button', { name: 'New record' }).click();
  await owner.page
    .getByRole('dialog', { name: 'New record' })
    .getByRole('button', { name: /^SOAP note/ })
    .click();
  await expect(owner.page.getByRole('heading', { level: 1, name: 'SOAP note' })).toBeVisible();
  const noteUrl = new URL(owner.page.url()).pathname;
  await expectSynced(owner.page);
  await openSettings(owner.page, 'Users');
  await expect(owner.page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();

  const stamp = Date.now();
  const invitees = [
    { email: `clinician-${stamp}@clinic.test`, role: 'Clinician', name: 'Cleo Clinician' },
    { email: `assistant-${stamp}@clinic.test`, role: 'Assistant', name: 'Asa Assistant' },
  ];
  for (const invitee of invitees) {
    await owner.page.getByLabel('Email').fill(invitee.email);
    await owner.page.getByRole('radio', { name: new RegExp(`^${invitee.role}`) }).check();
    await owner.page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(
      owner.page.getByText(`We emailed an invitation to ${invitee.email}.`),
    ).toBeVisible();
  }
  const waiting = owner.page.getByRole('region', { name: 'Invitations waiting' });
  for (const invitee of invitees) await expect(waiting).toContainText(invitee.email);
  await expectNoAxeViolations(owner.page);

  for (const invitee of invitees) {
    await expect.poll(() => mailTo(invitee.email).length).toBe(1);
    const [mail] = mailTo(invitee.email);
    expect(mail?.text).toContain('Ana Owner invited you to join Riverside Physio');
    const token = /\/accept-invite#([\w-]+)/.exec(mail?.text ?? '')?.[1];
    expect(token).toBeDefined();

    // A browser of their own; the device's origin stands in for the server's public one.
    const device = await openDevice(invitee.role === 'Assistant' ? 'phone' : 'desktop');
    const { page } = device;
    await page.goto(`/accept-invite#${token}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Join your clinic' })).toBeVisible();
    await expect(page.getByText('Riverside Physio')).toBeVisible();
    await expect(page.getByText(invitee.email)).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByLabel('Your name').fill(invitee.name);
    await page.getByLabel('Password', { exact: true }).fill('their own passphrase');
    await page.getByRole('button', { name: 'Join and sign in' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
    await page.getByRole('button', { name: `Account: ${invitee.name}` }).click();
    await expect(page.getByText(invitee.role, { exact: true })).toBeVisible();
    await page.keyboard.press('Escape');
    await openPatient(page, 'Vance, Jo');
    if (invitee.role !== 'Assistant') {
      await expect(page.getByRole('region', { name: 'Records' })).toBeVisible();
      continue;
    }

    // The front desk sees the patient but no notes, and the note's address says why.
    await expect(page.getByRole('heading', { level: 1, name: 'Vance, Jo' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Records' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'New record' })).toHaveCount(0);
    await page.goto(noteUrl);
    await expect(page.getByText('Clinical notes are for clinicians and owners.')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'SOAP note' })).toHaveCount(0);
  }

  // The owner's list has both, and nothing is waiting any more.
  await owner.page.reload();
  const people = owner.page.getByRole('region', { name: 'People in Riverside Physio' });
  for (const invitee of invitees) await expect(people).toContainText(invitee.name);
  await expect(waiting).toContainText('No invitations are waiting.');
});
