import { inline } from '@/app/_components/Markdown';
import { allRules, linkRuleIds } from '@/app/_server/rules/rule-catalog';

export const dynamic = 'force-dynamic';

/** Every rule the simulator follows, by topic: what the rule ids in traces refer to. */
export default function RulesPage() {
  const topics = new Map<string, ReturnType<typeof allRules>[number][]>();
  for (const r of allRules()) topics.set(r.topic, [...(topics.get(r.topic) ?? []), r]);
  return (
    <main className="rule-page">
      <h1>How AWS forwards packets: the rules</h1>
      <p className="muted">
        Traces cite these ids (“R53”). Each rule says what AWS does in a sentence or two and links to the AWS
        documentation it comes from; the few engine assumptions say where AWS documents nothing.
      </p>
      {[...topics].map(([topic, rules]) => (
        <section key={topic} aria-label={topic}>
          <h2>{topic}</h2>
          <dl className="rule-list">
            {rules.map((r) => (
              <div key={r.id} id={r.id}>
                <dt>
                  <a href={`/rules/${r.id}`}>{r.id}</a>
                  {r.title ? ` ${r.title}` : ''}
                </dt>
                <dd>{inline(linkRuleIds(r.text))}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </main>
  );
}
