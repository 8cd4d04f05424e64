// A form's problems above it, each a link to its field, focused after a refused submit, so a
// screen-reader user hears them all at once (WCAG 2.2: 3.3.1 and 3.3.3).
import type { RefObject } from "preact";
import { t } from "./i18n";
import type { MessageKey } from "./messages";

export interface FormProblem<F extends string> {
  field: F;
  message: MessageKey;
}

interface Props<F extends string> {
  problems: FormProblem<F>[];
  heading: string; // e.g. "There are 2 problems", already in the reader's language
  label: (field: F) => string;
  focus: RefObject<HTMLDivElement>;
}

export function ProblemSummary<F extends string>({ problems, heading, label, focus }: Props<F>) {
  return (
    <div ref={focus} tabIndex={-1} role={problems.length ? "alert" : undefined}>
      {problems.length > 0 && (
        <>
          <p class="problem">{heading}</p>
          <ul>
            {problems.map((problem) => (
              <li key={problem.field}>
                <a href={`#field-${problem.field}`}>
                  {label(problem.field)}: {t(problem.message)}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
