import { describe, expect, it } from 'vitest';
import { evaluate, labelToCategory } from '../../../src/core/eval.js';
import { loadLabelled } from '../../fixtures/labelled/load.js';
import { classifier } from './setup.js';

const items = loadLabelled();

describe('labelled fixtures', () => {
  it('hold at least 150 items covering both incident classes, hard negatives and English', () => {
    expect(items.length).toBeGreaterThanOrEqual(150);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(items.filter((i) => i.label === 'other').length).toBeGreaterThanOrEqual(40);
    expect(items.filter((i) => i.rule === 'english').length).toBeGreaterThanOrEqual(5);
  });

  for (const item of items) {
    it(`${item.id} [${item.rule}] is ${item.label}${item.cause ? `, cause ${item.cause}` : ''}${item.subtype ? `, ${item.subtype}` : ''}`, () => {
      const c = classifier.classify({ title: item.title, text: item.summary });
      expect(c.category).toBe(labelToCategory(item.label));
      if (item.cause) expect(c.cause).toBe(item.cause);
      if (item.subtype) expect(c.subtype).toBe(item.subtype);
    });
  }

  it('reach macro-F1 and alert precision of at least 0.95 as a whole', () => {
    const report = evaluate(items.map((i) => ({
      expected: labelToCategory(i.label) ?? 'none',
      predicted: classifier.classify({ title: i.title, text: i.summary }).category,
    })));
    expect(report.macro_f1).toBeGreaterThanOrEqual(0.95);
    expect(report.alert_precision).toBeGreaterThanOrEqual(0.95);
  });
});
