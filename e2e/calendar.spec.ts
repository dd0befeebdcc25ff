import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import {
  clinicWithAppointment,
  openCalendarAt,
  seededEvent,
  SEEDED,
  storedTimes,
} from './calendar-helpers.ts';
import { expect, test } from './fixtures.ts';

/**
 * A point across the middle of `locator`, `down` of the way from its top (0.5: its centre).
 * The calendar redraws an appointment as its saved copy and its sync state arrive, so the box is
 * asked for until one is on screen.
 */
async function pointIn(locator: Locator, down = 0.5) {
  let box: { x: number; y: number; width: number; height: number } | null = null;
  await expect.poll(async () => (box = await locator.boundingBox())).not.toBeNull();
  if (!box) throw new Error('not on screen');
  const { x, y, width, height } = box;
  return { x: x + width / 2, y: y + height * down, height };
}

/** The resize handle along an appointment's foot. */
async function handleOf(event: Locator) {
  const { x, y, height } = await pointIn(event, 1);
  return { x, y: y - 3, height };
}

/** Presses the mouse at `from`, moves down by `dy` in steps (as a hand does), and lets go. */
async function mouseDrag(page: Page, from: { x: number; y: number }, dy: number) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x, from.y + dy, { steps: 8 });
  await page.mouse.up();
}

/**
 * A finger's long press at `from` until the calendar says the drag has begun, a move down by
 * `dy`, and the finger lifted: the touch events a phone sends, through the DevTools protocol.
 */
async function touchDrag(page: Page, from: { x: number; y: number }, dy: number, started: RegExp) {
  const cdp = await page.context().newCDPSession(page);
  const point = (y: number) => [{ x: from.x, y, id: 1, radiusX: 4, radiusY: 4, force: 1 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(from.y) });
  await expect(page.getByRole('status').filter({ hasText: started })).toBeVisible();
  for (let step = 1; step <= 8; step++)
    await cdp.send('Input.dispatchTouchEvent', {
      type: 'touchMove',
      touchPoints: point(from.y + (dy * step) / 8),
    });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

test('an appointment is dragged to another time and resized with the mouse', async ({
  openDevice,
}) => {
  const { page } = await openDevice('desktop A');
  await page.setViewportSize({ width: 1280, height: 800 });
  await clinicWithAppointment(page);
  await openCalendarAt(page, 'week');
  const event = seededEvent(page);
  // Auckland's clock, not the device's.
  await expect(event).toContainText('09:00');

  // Two half-hour slots down (the event is one slot tall): an hour later.
  // Held by its upper part: the lower part is the resize handle.
  const start = await pointIn(event, 0.25);
  await mouseDrag(page, start, 2 * start.height);
  await expect(event).toContainText('10:00');
  await expect
    .poll(() => storedTimes(page))
    .toEqual({ startsAt: '2027-02-28T21:00:00.000Z', endsAt: '2027-02-28T21:30:00.000Z' });

  // The handle at its foot, one slot down: it ends half an hour later.
  const handle = await handleOf(event);
  await mouseDrag(page, handle, start.height);
  await expect(event).toContainText('11:00');
  await expect
    .poll(() => storedTimes(page))
    .toEqual({ startsAt: '2027-02-28T21:00:00.000Z', endsAt: '2027-02-28T22:00:00.000Z' });

  await page.reload();
  await expect(seededEvent(page)).toContainText('10:00');
  await expect(seededEvent(page)).toContainText('11:00');
});

test('an appointment is dragged to another time and resized by touch', async ({ openDevice }) => {
  const { page } = await openDevice('phone A');
  await clinicWithAppointment(page);
  await openCalendarAt(page, 'day');
  const event = seededEvent(page);
  await expect(event).toContainText('09:00');

  // Held by its upper part: the lower part is the resize handle.
  const start = await pointIn(event, 0.25);
  await touchDrag(page, start, 2 * start.height, /^Moving Lee, Ann/);
  await expect(event).toContainText('10:00');
  await expect
    .poll(() => storedTimes(page))
    .toEqual({ startsAt: '2027-02-28T21:00:00.000Z', endsAt: '2027-02-28T21:30:00.000Z' });

  const handle = await handleOf(event);
  await touchDrag(page, handle, start.height, /^Changing when Lee, Ann ends/);
  await expect(event).toContainText('11:00');
  await expect
    .poll(() => storedTimes(page))
    .toEqual({ startsAt: '2027-02-28T21:00:00.000Z', endsAt: '2027-02-28T22:00:00.000Z' });
});

test('a click on an empty slot books there', async ({ openDevice }) => {
  const { page } = await openDevice('desktop A');
  await page.setViewportSize({ width: 1280, height: 800 });
  await clinicWithAppointment(page);
  await openCalendarAt(page, 'day');
  const event = seededEvent(page);

  // Four half-hour slots below the appointment's top: 11:00 on the clinic's clock.
  const at = await pointIn(event, 0);
  await page.mouse.click(at.x, at.y + 4 * at.height + 4);
  const dialog = page.getByRole('dialog', { name: 'Book appointment' });
  await expect(dialog.getByLabel('Date')).toHaveValue(SEEDED.date);
  await expect(dialog.getByLabel('Start time')).toHaveValue('11:00');
  await expect(dialog.getByLabel('Clinician')).toHaveValue(/.+/);
  await dialog.getByRole('combobox', { name: 'Patient' }).fill('Lee');
  await dialog.getByRole('option', { name: /Lee, Ann/ }).click();
  await dialog.getByRole('button', { name: 'Book appointment' }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByRole('button', { name: /^11:00.*Lee, Ann/ })).toBeVisible();
  await expect(seededEvent(page)).toHaveCount(2);
});

for (const viewport of [
  { name: 'phone', device: 'phone A', size: { width: 390, height: 844 } },
  { name: 'desktop', device: 'desktop A', size: { width: 1280, height: 800 } },
]) {
  test(`the calendar has no WCAG 2.1 AA violations on a ${viewport.name}`, async ({
    openDevice,
  }) => {
    const { page } = await openDevice(viewport.device);
    await page.setViewportSize(viewport.size);
    await clinicWithAppointment(page);
    const found: string[] = [];
    for (const view of ['list', 'day', 'week'] as const) {
      await openCalendarAt(page, view);
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      found.push(
        ...results.violations.flatMap((violation) =>
          violation.nodes.map(
            (node) =>
              `${view}: ${violation.id}: ${violation.help} at ${node.target.join(' ')}\n${node.failureSummary ?? ''}`,
          ),
        ),
      );
    }
    // A phone has no room beside the calendar: nothing may scroll the page sideways.
    const sideways = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(sideways).toBe(0);
    expect(found, found.join('\n')).toEqual([]);
  });
}
