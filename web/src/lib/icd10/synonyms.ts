/**
 * Abbreviations clinicians type, and the codes they mean, best first. The ICD-10-CM titles
 * spell everything out ("Chronic obstructive pulmonary disease"), so "copd" or "htn" would find
 * nothing by words. Keys are lower case with spaces, dots and hyphens removed ("dm 2" → "dm2").
 * A curated table, small on purpose: add an entry when clinicians miss one.
 */
const abbreviations: Record<string, readonly string[]> = {
  afib: ['I48.91', 'I48.0', 'I48.20'],
  af: ['I48.91', 'I48.0', 'I48.20'],
  aki: ['N17.9'],
  bph: ['N40.0', 'N40.1'],
  cad: ['I25.10'],
  chf: ['I50.9', 'I50.22', 'I50.32'],
  ckd: ['N18.9', 'N18.30', 'N18.4'],
  copd: ['J44.9', 'J44.1', 'J44.0'],
  cva: ['I63.9'],
  dm: ['E11.9', 'E10.9'],
  dm1: ['E10.9', 'E10.65'],
  t1dm: ['E10.9', 'E10.65'],
  iddm: ['E10.9'],
  dm2: ['E11.9', 'E11.65', 'E11.22'],
  t2dm: ['E11.9', 'E11.65', 'E11.22'],
  niddm: ['E11.9'],
  dvt: ['I82.409'],
  gerd: ['K21.9', 'K21.00'],
  gord: ['K21.9', 'K21.00'],
  htn: ['I10', 'I11.9', 'I12.9'],
  hld: ['E78.5'],
  lbp: ['M54.50'],
  mi: ['I21.9', 'I25.2'],
  oa: ['M19.90', 'M17.9', 'M16.9'],
  osa: ['G47.33'],
  pe: ['I26.99'],
  ra: ['M06.9'],
  tia: ['G45.9'],
  uri: ['J06.9'],
  urti: ['J06.9'],
  uti: ['N39.0'],
};

/** The codes an abbreviation stands for ("HTN" → ["I10", …]); empty for anything else. */
export function codesForAbbreviation(query: string): readonly string[] {
  return abbreviations[query.toLowerCase().replace(/[\s.-]+/g, '')] ?? [];
}

/** Every abbreviation in the table, for the test that checks each code exists. */
export function allAbbreviations(): string[] {
  return Object.keys(abbreviations);
}
