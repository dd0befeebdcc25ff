import type { TemplateField } from './template-fields.ts';
import type { BuiltInTemplateKey } from './templates.ts';
import { vitalSignKeys } from './vital-signs.ts';

export type BuiltInTemplate = {
  key: BuiltInTemplateKey;
  name: string;
  description: string;
  fields: TemplateField[];
};

const soapFields: TemplateField[] = [
  {
    id: 'subjective',
    type: 'textarea',
    label: 'Subjective',
    help: 'What the patient reports: presenting complaint, history, symptoms and concerns, in their words.',
    required: true,
  },
  {
    id: 'objective',
    type: 'textarea',
    label: 'Objective',
    help: 'What you observe and measure: examination findings, vital signs, test results.',
    required: false,
  },
  {
    id: 'assessment',
    type: 'textarea',
    label: 'Assessment',
    help: 'Your clinical impression: diagnosis or differential, and progress since the last visit.',
    required: true,
  },
  {
    id: 'plan',
    type: 'textarea',
    label: 'Plan',
    help: 'Treatment, medication, referrals, patient education and when to follow up.',
    required: true,
  },
  {
    id: 'diagnoses',
    type: 'diagnosis',
    label: 'Diagnoses',
    help: 'Optional. Add an ICD-10 code where one fits; mark at most one diagnosis as primary.',
    required: false,
  },
];

const vitalsFields: TemplateField[] = [
  {
    id: 'vitals',
    type: 'vitals',
    label: 'Vital signs',
    help: 'Record the measurements you took; leave the others empty.',
    required: false,
    measurements: [...vitalSignKeys],
  },
  {
    id: 'notes',
    type: 'textarea',
    label: 'Notes',
    help: 'Anything that affects the readings: position, recent activity, oxygen given, device used.',
    required: false,
  },
];

const select = (value: string, label: string) => ({ value, label });

const woundSize = (id: string, label: string, help: string): TemplateField => ({
  id,
  type: 'number',
  label,
  help,
  required: false,
  min: 0,
  max: 100,
  unit: 'cm',
  decimals: 1,
});

const woundFields: TemplateField[] = [
  {
    id: 'location',
    type: 'text',
    label: 'Location',
    help: 'Anatomical site, for example sacrum, right heel or left lateral malleolus.',
    required: true,
  },
  {
    id: 'laterality',
    type: 'select',
    label: 'Laterality',
    required: false,
    options: [
      select('left', 'Left'),
      select('right', 'Right'),
      select('bilateral', 'Bilateral'),
      select('not_applicable', 'Not applicable'),
    ],
  },
  {
    id: 'wound_type',
    type: 'select',
    label: 'Wound type',
    required: false,
    options: [
      select('pressure_injury', 'Pressure injury'),
      select('diabetic_foot_ulcer', 'Diabetic foot ulcer'),
      select('venous_leg_ulcer', 'Venous leg ulcer'),
      select('arterial_ulcer', 'Arterial ulcer'),
      select('surgical_wound', 'Surgical wound'),
      select('trauma', 'Trauma'),
      select('burn', 'Burn'),
      select('other', 'Other'),
    ],
  },
  {
    id: 'pressure_stage',
    type: 'select',
    label: 'Pressure injury stage',
    help: 'NPIAP staging. Unstageable: the base is covered by slough or eschar.',
    required: true,
    showIf: { fieldId: 'wound_type', operator: 'equals', value: 'pressure_injury' },
    options: [
      select('stage_1', 'Stage 1: non-blanchable erythema of intact skin'),
      select('stage_2', 'Stage 2: partial-thickness skin loss'),
      select('stage_3', 'Stage 3: full-thickness skin loss'),
      select('stage_4', 'Stage 4: full-thickness skin and tissue loss'),
      select('unstageable', 'Unstageable'),
      select('deep_tissue', 'Deep tissue pressure injury'),
    ],
  },
  woundSize('length_cm', 'Length', 'Longest head-to-toe measurement.'),
  woundSize('width_cm', 'Width', 'Widest side-to-side measurement, at right angles to the length.'),
  woundSize('depth_cm', 'Depth', 'Deepest point, measured with a sterile probe; 0 if superficial.'),
  {
    id: 'wound_bed',
    type: 'select',
    label: 'Wound bed',
    help: 'The tissue that covers most of the wound bed.',
    required: false,
    options: [
      select('epithelialising', 'Epithelialising'),
      select('granulating', 'Granulating'),
      select('hypergranulating', 'Hypergranulating'),
      select('slough', 'Slough'),
      select('necrotic', 'Necrotic (eschar)'),
      select('mixed', 'Mixed'),
    ],
  },
  {
    id: 'exudate',
    type: 'select',
    label: 'Exudate',
    required: false,
    options: [
      select('none', 'None'),
      select('low', 'Low'),
      select('moderate', 'Moderate'),
      select('high', 'High'),
    ],
  },
  {
    id: 'infection',
    type: 'checkbox',
    label: 'Signs of infection',
    help: 'Increasing pain, spreading redness, warmth, swelling, pus, odour or delayed healing.',
    required: false,
  },
  {
    id: 'infection_notes',
    type: 'textarea',
    label: 'Infection notes',
    help: 'Which signs, since when, swab taken, antibiotics started.',
    required: false,
    showIf: { fieldId: 'infection', operator: 'equals', value: true },
  },
  {
    id: 'pain_score',
    type: 'number',
    label: 'Pain score',
    help: '0 = no pain, 10 = worst pain imaginable.',
    required: false,
    min: 0,
    max: 10,
    decimals: 0,
  },
  {
    id: 'photos',
    type: 'photos',
    label: 'Photos',
    help: 'Include a measuring scale; keep the same distance and angle each time.',
    required: false,
  },
  {
    id: 'plan',
    type: 'textarea',
    label: 'Plan',
    help: 'Cleansing, dressing and how often to change it, offloading, referrals and next review.',
    required: false,
  },
];

/** The templates seeded for every new clinic; a clinic can edit, copy or delete them. */
export const builtInTemplates: readonly BuiltInTemplate[] = [
  {
    key: 'soap',
    name: 'SOAP note',
    description: 'Subjective, objective, assessment and plan for a consultation.',
    fields: soapFields,
  },
  {
    key: 'vitals',
    name: 'Vital signs',
    description: 'Blood pressure, heart and respiratory rate, temperature, SpO2, weight, height.',
    fields: vitalsFields,
  },
  {
    key: 'wound',
    name: 'Wound assessment',
    description: 'Site, type, size, wound bed, exudate, infection and pain, with photos.',
    fields: woundFields,
  },
];
