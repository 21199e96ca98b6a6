import { notFound } from 'next/navigation';
import { inline } from '@/app/_components/Markdown';
import { allRules, linkRuleIds, ruleById } from '@/app/_server/rules/rule-catalog';

export const dynamic = 'force-dynamic';

/**
 * One rule a trace cites ("R53"): what AWS does there, where it comes from, and the AWS
 * documentation behind it. Open to anyone, signed in or not.
 */
export default async function RulePage({ params }: { params: Promise<{ ruleId: string }> }) {
  const { ruleId } = await params;
  const rule = ruleById(ruleId);
  if (!rule) notFound();
  const list = allRules();
  const at = list.indexOf(rule);
  const prev = list[at - 1];
  const next = list[at + 1];
  return (
    <main className="rule-page">
      <p className="muted">
        <a href="/rules">All rules</a> · {rule.topic}
      </p>
      <h1>
        {rule.id}
        {rule.title ? `: ${rule.title}` : ''}
      </h1>
      <p className="rule-text">{inline(linkRuleIds(rule.text))}</p>
      <p>
        <span className={`badge ${rule.sources.every((x) => x.urls.length === 0) ? 'warn' : 'ok'}`}>
          {rule.provenance}
        </span>{' '}
        <span className="muted">
          {/engine/.test(rule.provenance)
            ? 'A modelling choice where AWS documents nothing: Underlay behaves this way.'
            : rule.sources.every((x) => x.urls.length === 0)
              ? 'What AWS does, as experiments on real VPCs show it; the AWS documentation does not say it outright.'
              : 'What AWS does, as the AWS documentation below says it.'}
        </span>
      </p>
      {rule.sources.length > 0 && (
        <section aria-labelledby="rule-sources">
          <h2 id="rule-sources">AWS documentation</h2>
          <ul>
            {rule.sources.flatMap((s) =>
              s.urls.map((u) => (
                <li key={u}>
                  <a href={u} target="_blank" rel="noreferrer">
                    {u.replace(/^https:\/\/docs\.aws\.amazon\.com\//, '')}
                  </a>
                </li>
              )),
            )}
          </ul>
        </section>
      )}
      <nav aria-label="Other rules" style={{ display: 'flex', gap: '1rem', marginTop: '1.5rem' }}>
        {prev && <a href={`/rules/${prev.id}`}>← {prev.id}</a>}
        {next && <a href={`/rules/${next.id}`}>{next.id} →</a>}
      </nav>
    </main>
  );
}
