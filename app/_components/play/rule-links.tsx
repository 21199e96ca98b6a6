import type { ReactNode } from 'react';

/** A hop's text with each rule id it cites ("R53", "A5") a link to the rule's page (a new tab). */
export function withRuleLinks(text: string): ReactNode[] {
  return text.split(/\b([RA]\d{1,3})\b/).map((part, i) =>
    i % 2 === 1 ? (
      <a key={i} href={`/rules/${part}`} target="_blank" rel="noopener" title={`What AWS does: rule ${part}`}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}

/** A rule's id as a link to its page (R53 → /rules/R53), opened beside the play page. */
export function ruleLink(id: string): ReactNode {
  return (
    <a href={`/rules/${id}`} target="_blank" rel="noopener">
      {id}
    </a>
  );
}
