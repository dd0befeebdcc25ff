import type { Page } from '@playwright/test';
import { SCHEMA_VERSION } from '../shared/src/sync-protocol.ts';
import { addPatient, createClinic, expect, expectSynced, openSettings, test } from './fixtures.ts';
import { mailTo } from './mail.ts';
import { expectNoAxeViolations } from './axe.ts';

/**
 * Books the patient with the signed-in user through the sync API, as another device of the
 * clinic would, to the second: `startsAt` is exact, so the reminder's time is too. Answers the
 * appointment's id.
 */
async function bookAt(page: Page, patientId: string, startsAt: Date): Promise<string> {
  return page.evaluate(
    async ({ patientId, startsAt, schemaVersion }) => {
      const me = await (await fetch('/api/auth/me')).json();
      const id = crypto.randomUUID();
      const response = await fetch('/api/sync/push', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId: crypto.randomUUID(),
          schemaVersion,
          mutations: [
            {
              id: crypto.randomUUID(),
              seq: 1,
              name: 'appointment.create',
              args: {
                id,
                patientId,
                clinicianId: me.user.id,
                startsAt,
                endsAt: new Date(Date.parse(startsAt) + 30 * 60_000).toISOString(),
                reason: 'Knee pain after a fall',
              },
            },
          ],
        }),
      });
      const { results } = await response.json();
      if (!response.ok || results[0]?.status !== 'applied')
        throw new Error(JSON.stringify(results));
      return id;
    },
    { patientId, startsAt: startsAt.toISOString(), schemaVersion: SCHEMA_VERSION },
  );
}

test('a reminder the owner turned on reaches a consenting patient once, shows in the delivery log, and its link unsubscribes', async ({
  openDevice,
}) => {
  const { page, context } = await openDevice('desktop');
  await createClinic(page);
  const patientEmail = `ann.lee-${Date.now()}@patients.test`;

  // The patient: an email address, and consent recorded on the patient page.
  await addPatient(page, { given: 'Ann', family: 'Lee' });
  const patientId = page.url().split('/').pop() ?? '';
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Email').fill(patientEmail);
  await page.getByRole('button', { name: 'Save' }).click();
  const consent = page.getByRole('switch', { name: 'May receive appointment reminders by email' });
  await consent.check();
  await expect(consent).toBeChecked();
  await expectSynced(page);

  // Settings → Reminders: the first rule on, 15 minutes before.
  await openSettings(page, 'Reminders');
  await expect(page.getByRole('heading', { level: 1, name: 'Reminders' })).toBeVisible();
  const rule = page.getByRole('group', { name: 'Reminder 1' });
  await rule.getByRole('switch', { name: 'Send this reminder' }).check();
  await rule.getByRole('textbox', { name: 'Send' }).fill('15');
  await rule.getByLabel('Hours or minutes').selectOption('minutes');
  await expect(page.getByLabel('Preview of the reminder')).toContainText('Riverside Physio');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Reminder settings saved.')).toBeVisible();
  await expectNoAxeViolations(page);

  // Booked so that the reminder is due 3 s from now: the server looks every 10 s.
  const startsAt = new Date(Date.now() + 15 * 60_000 + 3_000);
  const appointmentId = await bookAt(page, patientId, startsAt);
  await expect.poll(() => mailTo(patientEmail).length, { timeout: 60_000 }).toBe(1);
  const [reminder] = mailTo(patientEmail);
  expect(reminder?.subject).toMatch(/^Reminder: your appointment at Riverside Physio on /);
  expect(reminder?.text).toContain('Hello Ann,');
  expect(reminder?.text).toContain('with Ana Owner');
  // Never anything clinical: the reason for the visit stays out of the message and the .ics.
  expect(JSON.stringify(reminder)).not.toContain('Knee');
  const ics = reminder?.attachments.find((each) => each.filename.endsWith('.ics'));
  expect(ics?.content).toContain(`UID:${appointmentId}`);
  const link = /To stop these emails: (\S+)/.exec(reminder?.text ?? '')?.[1] ?? '';
  expect(link).toContain('/unsubscribe/');
  expect(link).not.toContain(patientId);

  // The owner's delivery log names the patient from the device's own copy.
  await openSettings(page, 'Messages');
  const row = page.getByRole('row').filter({ hasText: 'Lee, Ann' });
  await expect(row).toContainText('Reminder');
  await expect(row).toContainText('Sent');
  await expectNoAxeViolations(page);

  // The patient follows the link: asked first, then unsubscribed.
  const mailApp = await context.newPage();
  await mailApp.goto(link);
  await expect(mailApp.getByRole('heading', { name: 'Stop appointment emails?' })).toBeVisible();
  await mailApp.getByRole('button', { name: 'Stop these emails' }).click();
  await expect(mailApp.getByRole('heading', { name: 'You are unsubscribed' })).toBeVisible();
  await mailApp.close();

  // The clinic sees it on the patient's page, and the reminder went only once.
  await page.goto(`/patients/${patientId}`);
  await expect(page.getByText('Unsubscribed from reminders on')).toBeVisible();
  expect(mailTo(patientEmail)).toHaveLength(1);
});
