'use client';
import { useCallback, useState } from 'react';
import type { ConsoleEntryView } from '@/app/_shared/views';
import type { ConsoleLine } from './Console';

/** Console lines the page holds (the server keeps more). */
const CONSOLE_KEPT = 200;

/** A stored console entry as a line; a teammate's carries their name. */
export function lineOf(e: ConsoleEntryView, me?: string): ConsoleLine {
  return {
    id: e.id,
    target: e.target,
    command: e.command,
    output: e.output,
    ok: e.ok,
    ...(me !== undefined && e.by.userId !== me ? { by: e.by.name } : {}),
  };
}

/**
 * The console's lines: added once each (a line the server kept may arrive both as this page's
 * reply and as the push to the attempt's pages, in either order), the newest few hundred kept.
 */
export function useConsoleLines(me?: string) {
  const [lines, setLines] = useState<ConsoleLine[]>([]);
  const add = useCallback(
    (line: ConsoleLine) =>
      setLines((l) =>
        line.id !== undefined && l.some((x) => x.id === line.id) ? l : [...l, line].slice(-CONSOLE_KEPT),
      ),
    [],
  );
  /** the attempt's stored console, as it was opened */
  const load = useCallback((entries: readonly ConsoleEntryView[]) => setLines(entries.map((e) => lineOf(e, me))), [me]);
  const addEntry = useCallback((e: ConsoleEntryView) => add(lineOf(e, me)), [add, me]);
  return { lines, add, addEntry, load, clear: useCallback(() => setLines([]), []) };
}
