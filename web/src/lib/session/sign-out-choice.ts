import { countOf } from '$lib/ui/plural';

/** What the device still holds unsent (see `unsentWork`). */
export type UnsentWork = { changes: number; photos: number };

/**
 * Where the sign-out dialog is: choosing keep or erase, or asked a second time because erasing
 * would lose unsent work.
 */
export type SignOutStep = 'choose' | 'confirm-erase';

/** What choosing "Erase" does: erases at once when nothing is unsent, else asks again first. */
export function eraseChosen(step: SignOutStep, unsent: UnsentWork): 'erase' | SignOutStep {
  if (step === 'confirm-erase' || total(unsent) === 0) return 'erase';
  return 'confirm-erase';
}

/** "2 changes and 1 photo" / "1 change" / "3 photos"; empty when nothing is unsent. */
export function unsentWords({ changes, photos }: UnsentWork): string {
  const parts = [];
  if (changes > 0) parts.push(countOf(changes, 'change'));
  if (photos > 0) parts.push(countOf(photos, 'photo'));
  return parts.join(' and ');
}

/** The dialog's sentence about unsent work, e.g. "2 changes made on this device have not been sent yet." */
export function unsentSentence(unsent: UnsentWork): string {
  const words = unsentWords(unsent);
  if (!words) return 'Everything made on this device has been sent.';
  const verb = total(unsent) === 1 ? 'has' : 'have';
  return `${words} made on this device ${verb} not been sent yet.`;
}

/** The second question's sentence: what erasing loses, and that nobody else has it. */
export function eraseWarning(unsent: UnsentWork): string {
  const them = total(unsent) === 1 ? 'it' : 'them';
  return `Erasing deletes ${unsentWords(unsent)} for good. The server does not have ${them}, so no one could get ${them} back.`;
}

function total(unsent: UnsentWork): number {
  return unsent.changes + unsent.photos;
}
