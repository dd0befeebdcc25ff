import { describe, expect, it } from 'vitest';
import type { TemplateField } from '@bedside/shared';
import { newField } from './field-types';
import { describeRule, operatorsFor, ruleProblem, startingRule, withOperator } from './show-if';

const smoker: TemplateField = { ...newField('checkbox', 'smoker'), label: 'Smoker' };
const site: TemplateField = {
  id: 'site',
  type: 'select',
  required: false,
  label: 'Site',
  options: [
    { value: 'option_1', label: 'Left leg' },
    { value: 'option_2', label: 'Right leg' },
  ],
};
const packs: TemplateField = { ...newField('number', 'packs'), label: 'Packs a day' };
const vitals: TemplateField = { ...newField('vitals', 'vitals'), label: 'Vitals' };

describe('operatorsFor', () => {
  it('offers what fits the field the rule looks at', () => {
    expect(operatorsFor(smoker)).toEqual(['equals', 'not-equals']);
    expect(operatorsFor(site)).toEqual(['equals', 'not-equals', 'filled']);
    expect(operatorsFor(vitals)).toEqual(['filled']);
  });
});

describe('startingRule', () => {
  it('starts from "ticked" for a checkbox and the first option for a choice list', () => {
    expect(startingRule(smoker)).toEqual({ fieldId: 'smoker', operator: 'equals', value: true });
    expect(startingRule(site)).toEqual({ fieldId: 'site', operator: 'equals', value: 'option_1' });
    expect(startingRule(vitals)).toEqual({ fieldId: 'vitals', operator: 'filled' });
  });
});

describe('withOperator', () => {
  it('drops the value for "has an answer" and brings one back for a comparison', () => {
    const filled = withOperator(startingRule(site), site, 'filled');
    expect(filled).toEqual({ fieldId: 'site', operator: 'filled' });
    expect(withOperator(filled, site, 'not-equals')).toEqual({
      fieldId: 'site',
      operator: 'not-equals',
      value: 'option_1',
    });
  });
});

describe('ruleProblem', () => {
  const rule = { fieldId: 'smoker', operator: 'equals' as const, value: true };

  it('accepts a rule on an earlier field', () => {
    expect(ruleProblem([smoker, { ...packs, showIf: rule }], 1)).toBeNull();
  });

  it('says when the field it looks at moved below it or went away', () => {
    expect(ruleProblem([{ ...packs, showIf: rule }, smoker], 0)).toMatch(/now below this field/);
    expect(ruleProblem([{ ...packs, showIf: rule }], 0)).toMatch(/was removed/);
  });

  it('says when the chosen option is no longer offered', () => {
    const onSite = { fieldId: 'site', operator: 'equals' as const, value: 'option_9' };
    expect(ruleProblem([site, { ...packs, showIf: onSite }], 1)).toMatch(/no longer one of/);
  });
});

describe('describeRule', () => {
  it('reads as a sentence with option labels, not stored values', () => {
    expect(describeRule(startingRule(site), site)).toBe('Site is “Left leg”');
    expect(describeRule({ fieldId: 'smoker', operator: 'equals', value: false }, smoker)).toBe(
      'Smoker is not ticked',
    );
    expect(describeRule({ fieldId: 'vitals', operator: 'filled' }, vitals)).toBe(
      'Vitals has an answer',
    );
  });
});
