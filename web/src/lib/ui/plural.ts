/** "1 patient" / "3 patients": English only, so a plural form is the word plus one suffix. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? singular : plural}`;
}

/** "1 change waiting" / "2 changes waiting" */
export function changesWaiting(count: number): string {
  return `${countOf(count, 'change')} waiting`;
}

/** "needs attention" / "need attention": the verb agrees with the count. */
export function attentionVerb(count: number): string {
  return count === 1 ? 'needs attention' : 'need attention';
}

/** "1 needs attention" / "2 need attention" */
export function needAttention(count: number): string {
  return `${count.toLocaleString('en')} ${attentionVerb(count)}`;
}
