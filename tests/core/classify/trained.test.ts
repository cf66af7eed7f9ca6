import { describe, expect, it } from 'vitest';
import { loadModelFile } from '../../../src/config/model.js';
import { bucketOf, FeatureScratch } from '../../../src/core/classify/features.js';
import { denseLength, fillDenseWeights, modelFromFile } from '../../../src/core/classify/model.js';
import { fold } from '../../../src/core/text.js';
import { classifierFor, itemFeatures, ruleView, withModel } from '../../../src/core/classify/trained.js';
import { DEFAULT_FEATURES, fitModel } from '../../../src/core/classify/fit.js';
import { evaluate, labelToCategory } from '../../../src/core/eval.js';
import { loadLabelled } from '../../fixtures/labelled/load.js';
import { classifier as rules, configDir, lexicon } from './setup.js';

const shipped = loadModelFile(configDir);
const items = loadLabelled();

describe('the shipped trained layer (config/model.json)', () => {
  it('is present and valid', () => {
    expect(shipped?.format).toBe('vigie-model');
  });

  const combined = classifierFor(lexicon, shipped);

  it('keeps the written fixtures right as a whole, with the rule engine\'s cause when the category agrees', () => {
    const pairs = items.map((i) => ({ expected: labelToCategory(i.label) ?? 'none', predicted: combined.classify({ title: i.title, text: i.summary }).category }));
    const report = evaluate(pairs);
    expect(report.macro_f1).toBeGreaterThanOrEqual(0.93);
    expect(report.alert_precision).toBeGreaterThanOrEqual(0.93);
    for (const i of items.filter((x) => x.cause !== undefined)) {
      const c = combined.classify({ title: i.title, text: i.summary });
      const r = rules.classify({ title: i.title, text: i.summary });
      if (c.category === r.category) expect(c.cause, i.id).toBe(r.cause);
    }
  });

  it('says why: rule evidence plus a model line with its probability and top words', () => {
    const c = combined.classify({ title: 'Cyberattaque contre la mairie de Gap', text: 'Les services municipaux sont paralysés par un rançongiciel.' });
    expect(c.category).toBe('cyberattack');
    expect(c.cause).toBe('confirmed');
    expect(c.subtype).toBe('ransomware');
    expect(c.evidence.some((e) => e.startsWith('règle:'))).toBe(true);
    expect(c.evidence.at(-1)).toMatch(/^modèle: cyberattaque 0\.\d\d \(.+\)$/);
  });

  it('gives a lean verdict without evidence only when the item is not alerted', () => {
    const lean = combined.classify({ title: 'Recette de la tarte aux pommes', text: 'Préchauffez le four.' }, { lean: true });
    expect(lean.category).toBe('none');
    const full = combined.classify({ title: 'Recette de la tarte aux pommes', text: 'Préchauffez le four.' });
    expect(full.category).toBe('none');
    expect(full.evidence.at(-1)).toMatch(/^modèle: aucun incident/);
  });
});

describe('withModel', () => {
  it('lets the model overrule the rules: trained to call an unknown word an outage, it does', () => {
    const train = [
      ...Array.from({ length: 20 }, (_, i) => ({ title: `Le service zorglub ${i} ne marche plus`, text: '', label: 'outage' as const })),
      ...Array.from({ length: 20 }, (_, i) => ({ title: `Le marché de Noël ${i} ouvre ses portes`, text: '', label: 'none' as const })),
    ];
    const model = fitModel(train, rules, { train: { l2: 1e-3, iterations: 200, learningRate: 0.05, noneBelow: 0.5 } });
    const c = withModel(rules, model).classify({ title: 'Le service zorglub ne marche plus', text: '' });
    expect(rules.classify({ title: 'Le service zorglub ne marche plus', text: '' }).category).toBe('none');
    expect(c.category).toBe('outage');
    expect(c.subtype).toBe('service_down');
    expect(c.evidence.at(-1)).toContain('zorglub');
  });

  it('predicts the same after a round trip through the stored form', () => {
    const m = modelFromFile(shipped!);
    const again = withModel(rules, m).classify({ title: 'Panne géante chez Orange', text: '' });
    expect(again).toEqual(classifierFor(lexicon, shipped).classify({ title: 'Panne géante chez Orange', text: '' }));
  });

  it('modelFromFile() reads dense weights filled beforehand as its own, and refuses ones of another size', () => {
    const own = modelFromFile(shipped!);
    const filled = fillDenseWeights(shipped!, new Float64Array(denseLength(shipped!)));
    expect(filled).toEqual(own.weights);
    expect(modelFromFile(shipped!, filled).weights).toBe(filled);
    expect(() => modelFromFile(shipped!, new Float64Array(3))).toThrow(`dense weights: 3 values given, the model has ${denseLength(shipped!)}`);
    expect(() => fillDenseWeights(shipped!, new Float64Array(3))).toThrow('dense weights: 3 values given');
  });
});

describe('ruleView', () => {
  it('gives the same features whether the rule engine ran leanly or fully', () => {
    for (const i of items) {
      const input = { title: i.title, text: i.summary };
      const lean = itemFeatures({ features: DEFAULT_FEATURES }, ruleView(rules, input, true));
      const full = itemFeatures({ features: DEFAULT_FEATURES }, ruleView(rules, input, false));
      expect([lean.index, lean.value], i.id).toEqual([full.index, full.value]);
    }
  });
});

describe('itemFeatures', () => {
  it('holds a rule feature for the verdict, each evidence line and each term hit with its modality and zone', () => {
    const scratch = new FeatureScratch(DEFAULT_FEATURES.dim);
    const rule = (key: string): number => bucketOf(5, key, undefined, DEFAULT_FEATURES.dim); // the rule features' namespace
    let checked = 0;
    for (const i of [...items, ...items]) { // twice: the keys then come from the scratch
      const view = ruleView(rules, { title: i.title, text: i.summary }, false);
      const f = itemFeatures({ features: DEFAULT_FEATURES }, view, scratch);
      expect(f.index, i.id).toContain(rule(`cat=${view.rule.category}`));
      for (const e of view.rule.category === 'none' ? [] : view.rule.evidence.filter((x) => !x.startsWith('gravité'))) {
        expect(f.index, `${i.id}: ${e}`).toContain(rule(`ev=${fold(e)}`));
      }
      for (const h of view.trace.hits) {
        expect(f.index, i.id).toContain(rule(`hit=${h.term.kind}/${h.modality}/${h.sentence.zone}`));
        expect(f.index, i.id).toContain(rule(`term=${h.term.label}/${h.modality}`));
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
