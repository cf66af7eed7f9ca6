import { describe, expect, it } from 'vitest';
import { evaluate, labelToCategory } from '../../src/core/eval.js';
import type { Category } from '../../src/core/types.js';

const pair = (expected: Category, predicted: Category) => ({ expected, predicted });

describe('labelToCategory', () => {
  it('maps the corpus labels, "other" being none', () => {
    expect(labelToCategory('cyberattack')).toBe('cyberattack');
    expect(labelToCategory(' Outage ')).toBe('outage');
    expect(labelToCategory('other')).toBe('none');
    expect(labelToCategory('none')).toBe('none');
    expect(labelToCategory('spam')).toBeUndefined();
  });
});

describe('evaluate', () => {
  const report = evaluate([
    pair('cyberattack', 'cyberattack'), pair('cyberattack', 'cyberattack'), pair('cyberattack', 'none'),
    pair('outage', 'outage'), pair('outage', 'cyberattack'),
    pair('none', 'none'), pair('none', 'none'), pair('none', 'outage'),
  ]);

  it('fills the confusion matrix with expected rows and predicted columns', () => {
    expect(report.confusion.cyberattack).toEqual({ cyberattack: 2, outage: 0, none: 1 });
    expect(report.confusion.outage).toEqual({ cyberattack: 1, outage: 1, none: 0 });
    expect(report.confusion.none).toEqual({ cyberattack: 0, outage: 1, none: 2 });
  });

  it('computes per-class precision, recall, F1 and support', () => {
    expect(report.per_class.cyberattack).toEqual({ precision: 0.6667, recall: 0.6667, f1: 0.6667, support: 3 });
    expect(report.per_class.outage).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(report.per_class.none.support).toBe(3);
  });

  it('averages the F1 of the two incident classes only', () => {
    expect(report.macro_f1).toBeCloseTo((2 / 3 + 0.5) / 2, 4);
  });

  it('scores alerts as incident versus none, whatever the incident class', () => {
    // 5 items alerted (2 cyber, outage, outage→cyber, none→outage), 4 of them incidents; 4 of the 5 incidents alerted.
    expect(report.alert_precision).toBe(0.8);
    expect(report.alert_recall).toBe(0.8);
    expect(report.accuracy).toBe(0.625);
    expect(report.total).toBe(8);
  });

  it('returns zeros rather than NaN when a class is never predicted', () => {
    const r = evaluate([pair('none', 'none')]);
    expect(r.per_class.cyberattack).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(r.alert_precision).toBe(0);
    expect(r.macro_f1).toBe(0);
  });
});
