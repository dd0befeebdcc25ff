/**
 * The vital signs a template can ask for, with their LOINC codes, the unit shown, and the range a
 * measurement must fall in to be accepted at all (wider than normal: it only catches typos).
 */
export const vitalSigns = {
  bpSystolic: {
    label: 'Blood pressure, systolic',
    loinc: '8480-6',
    unit: 'mmHg',
    min: 40,
    max: 300,
    decimals: 0,
  },
  bpDiastolic: {
    label: 'Blood pressure, diastolic',
    loinc: '8462-4',
    unit: 'mmHg',
    min: 20,
    max: 200,
    decimals: 0,
  },
  heartRate: { label: 'Heart rate', loinc: '8867-4', unit: '/min', min: 20, max: 300, decimals: 0 },
  respiratoryRate: {
    label: 'Respiratory rate',
    loinc: '9279-1',
    unit: '/min',
    min: 4,
    max: 80,
    decimals: 0,
  },
  temperature: {
    label: 'Body temperature',
    loinc: '8310-5',
    unit: '°C',
    min: 25,
    max: 45,
    decimals: 1,
  },
  spo2: {
    label: 'Oxygen saturation (SpO2)',
    loinc: '59408-5',
    unit: '%',
    min: 50,
    max: 100,
    decimals: 0,
  },
  weight: { label: 'Body weight', loinc: '29463-7', unit: 'kg', min: 0.2, max: 500, decimals: 1 },
  height: { label: 'Body height', loinc: '8302-2', unit: 'cm', min: 20, max: 280, decimals: 1 },
} as const;

export type VitalSign = keyof typeof vitalSigns;
export const vitalSignKeys = Object.keys(vitalSigns) as VitalSign[];

export type VitalSignsValue = { [K in VitalSign]?: number | null };
