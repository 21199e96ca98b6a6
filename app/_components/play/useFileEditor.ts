import { useCallback, useState } from 'react';
import { shellAllowed } from '@/engine/grade/permissions';
import type { StepReport } from '@/engine/lab/report';
import type { OpenFile, SaveResult } from './FileEditor';
import type { useAttempt } from '@/app/_hooks/useAttempt';

type Attempt = ReturnType<typeof useAttempt>['attempt'];
type Step = (body: Record<string, unknown>) => Promise<{ report: StepReport }>;

/**
 * The play page's file editor: opening a guest's file (read-only where the level does not let
 * the learner change it, refused where it may not even be read) and saving it as a `write` step,
 * each with its line in the console.
 */
export function useFileEditor(
  attempt: Attempt,
  step: Step,
  say: (target: string, command: string, output: string, ok: boolean) => void,
  onSaved: () => void,
) {
  const [editing, setEditing] = useState<OpenFile>();

  // the files are printed by the engine, loaded with the first file opened (the page's first load stays small)
  const openFile = useCallback(
    async (instance: string, rawPath: string, command?: string) => {
      if (!attempt) return;
      const { filesOn, normalizePath, whyReadOnly } = await import('./guest-files');
      const path = normalizePath(rawPath);
      const may = shellAllowed(attempt.level.allowed, instance, command ?? `cat ${path}`);
      if (!may.ok) {
        say(instance, command ?? `edit ${path}`, may.reason, false);
        return;
      }
      const file = filesOn(attempt.topology, instance).find((f) => f.path === path);
      const readOnly = whyReadOnly(attempt.level.allowed, instance, path);
      if (!file && readOnly) {
        say(instance, command ?? `edit ${path}`, `${path}: No such file or directory`, false);
        return;
      }
      setEditing({ instance, path, text: file?.content ?? '', ...(readOnly ? { readOnly } : {}) });
    },
    [attempt, say],
  );

  const saveFile = useCallback(
    async (text: string): Promise<SaveResult> => {
      const f = editing!;
      try {
        const { report: r } = await step({ write: { on: f.instance, path: f.path, content: text } });
        onSaved();
        say(f.instance, `(editor) save ${f.path}`, r.ok ? r.summary : (r.error ?? r.summary), r.ok);
        return r.ok
          ? { ok: true, summary: r.summary }
          : { ok: false, error: r.error ?? r.summary, problems: r.fileProblems ?? [] };
      } catch (e) {
        return { ok: false, error: (e as Error).message, problems: [] };
      }
    },
    [editing, step, say, onSaved],
  );

  const closeFile = useCallback(() => setEditing(undefined), []);
  return { editing, openFile, saveFile, closeFile };
}
