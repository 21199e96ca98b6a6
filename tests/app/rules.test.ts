import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules, linkRuleIds, ruleById } from '../../app/_server/rules/rule-catalog';
import { rulesFromSpec } from '../../app/_server/rules/rules-from-spec';

const root = path.resolve(import.meta.dirname, '../..');
const shared = process.env.UNDERLAY_SHARED ?? path.resolve(root, '../shared');
const spec = path.join(shared, 'spec/vpc-semantics.md');
const hasSpec = (() => {
  try {
    return statSync(spec).isFile();
  } catch {
    return false;
  }
})();

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : [],
  );
}

describe('the rules a trace cites have pages', () => {
  it('every rule id the engine writes into a trace, a drop explanation or an event is in the catalog, with AWS documentation', () => {
    const cited = new Set<string>();
    for (const f of sources(path.join(root, 'engine')))
      for (const m of readFileSync(f, 'utf8').matchAll(/\(([^()]*\b[RA]\d{1,3}\b[^()]*)\)/g))
        for (const id of m[1]!.matchAll(/\b([RA]\d{1,3})\b/g)) cited.add(id[1]!);
    expect(cited.size).toBeGreaterThan(20);
    for (const id of cited) {
      const rule = ruleById(id);
      expect(rule, `${id} is cited by the engine`).toBeDefined();
      // what the AWS documentation states or confirms links to it; an observation or an assumption cannot
      if (/^docs$|docs-confirmed|docs-consistent/.test(rule!.provenance))
        expect(rule!.sources.flatMap((s) => s.urls).length, id).toBeGreaterThan(0);
    }
    expect(ruleById('R53')!.text).toMatch(/one-to-one NAT/);
    expect(ruleById('R53')!.sources.map((s) => s.key)).toEqual(['IGW', 'EC2-addr']);
    expect(allRules().filter((r) => r.id.startsWith('R'))).toHaveLength(128);
  });

  it('links rule ids inside a rule’s text, and only ids that name a rule', () => {
    expect(linkRuleIds('see R83 and R66–R71, not R999')).toBe(
      'see [R83](/rules/R83) and [R66](/rules/R66)–[R71](/rules/R71), not R999',
    );
  });

  it.skipIf(!hasSpec)('rules.json is what the spec says (scripts/rules-catalog.ts writes it)', () => {
    const now = JSON.parse(readFileSync(path.join(root, 'app/_server/rules/rules.json'), 'utf8')) as unknown;
    expect(now).toEqual(rulesFromSpec(readFileSync(spec, 'utf8')));
  });
});
