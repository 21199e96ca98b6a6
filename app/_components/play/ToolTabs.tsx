'use client';

/**
 * The play page's tool tabs, as the WAI-ARIA tabs pattern has them: one tab in the Tab order,
 * arrows move between tabs, Home and End to the ends.
 */
export function ToolTabs<T extends string>({
  tabs,
  current,
  onChange,
}: {
  tabs: readonly T[];
  current: T;
  onChange: (tab: T) => void;
}) {
  return (
    <div className="tabs" role="tablist" aria-label="Tools">
      {tabs.map((t, i) => (
        <button
          key={t}
          role="tab"
          id={`tab-${i}`}
          aria-selected={current === t}
          tabIndex={current === t ? 0 : -1}
          onClick={() => onChange(t)}
          onKeyDown={(e) => {
            const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
            if (to === undefined) return;
            e.preventDefault();
            const next = (to + tabs.length) % tabs.length;
            onChange(tabs[next]!);
            document.getElementById(`tab-${next}`)?.focus();
          }}
        >
          {t}
        </button>
      ))}
    </div>
  );
}
