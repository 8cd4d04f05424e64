// A form's draft and its problems, as the organisation and university forms keep them.
import { useState } from "preact/hooks";
import type { MessageKey } from "../core/messages";

/** A form's draft of text fields and the problems found in it: changing a field drops that
 * field's problem, so what was said stays only where it still holds. */
export function useDraft<D extends { [K in keyof D]: string }>(initial: D) {
  const [draft, setDraft] = useState<D>(initial);
  const [problems, setProblems] = useState<Partial<Record<keyof D, MessageKey>>>({});
  function change(field: keyof D, value: string): void {
    setDraft((current) => ({ ...current, [field]: value }) as D);
    if (problems[field]) {
      setProblems((current) => {
        const rest = { ...current };
        delete rest[field];
        return rest;
      });
    }
  }
  return { draft, problems, setProblems, change };
}
