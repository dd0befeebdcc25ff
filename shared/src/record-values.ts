/** The value a record holds for each field type, as stored in `records.data[fieldId]`. */
import type { VitalSignsValue } from './vital-signs.ts';

export const diagnosisRanks = ['primary', 'secondary'] as const;
export type DiagnosisRank = (typeof diagnosisRanks)[number];
export type Diagnosis = { code: string | null; description: string; rank: DiagnosisRank };

export const prescriptionParts = ['drug', 'dose', 'route', 'frequency', 'duration'] as const;
export type Prescription = { [K in (typeof prescriptionParts)[number]]: string };

export const labFlags = ['normal', 'low', 'high', 'abnormal', 'critical'] as const;
export type LabFlag = (typeof labFlags)[number];
export type LabResult = {
  test: string;
  value: string;
  unit: string;
  referenceRange: string;
  flag: LabFlag | null;
};

export type FieldValues = {
  text: string;
  textarea: string;
  number: number;
  select: string;
  checkbox: boolean;
  date: string;
  vitals: VitalSignsValue;
  diagnosis: Diagnosis[];
  prescriptions: Prescription[];
  labs: LabResult[];
  /** Photo ids; the photos themselves are their own synced rows. */
  photos: string[];
};

/** A record's answers by field id; null (or absent) means "not filled in". */
export type RecordData = Record<string, unknown>;

/**
 * An ICD-10 code with or without its dot: E11.9, E119, S72.001A (ICD-10-CM), and codes whose
 * stem has four characters before the dot, such as QA00.0.
 */
export const ICD10_CODE = /^[A-Z][0-9A-Z]{2}(?:[0-9A-Z]{0,4}|[0-9A-Z]?\.[0-9A-Z]{1,4})$/;

/** Hard limits that hold for drafts too: they keep a record's size bounded, not its content right. */
export const MAX_TEXT_VALUE = 20_000;
export const MAX_LIST_ITEMS = 100;
export const MAX_ITEM_TEXT = 500;
