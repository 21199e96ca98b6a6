import catalog from './rules.json';
import type { RuleCatalog, RuleEntry } from './rules-from-spec';

/** The behaviour spec's rules and assumptions (rules.json, written by scripts/rules-catalog.ts). */
const RULES: readonly RuleEntry[] = (catalog as RuleCatalog).rules;
const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function allRules(): readonly RuleEntry[] {
  return RULES;
}

export function ruleById(id: string): RuleEntry | undefined {
  return BY_ID.get(id.toUpperCase());
}

/** Markdown with every rule id that names a rule turned into a link to its page. */
export function linkRuleIds(text: string): string {
  return text.replace(/\b([RA]\d{1,3})\b/g, (id) => (BY_ID.has(id) ? `[${id}](/rules/${id})` : id));
}
