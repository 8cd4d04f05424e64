// The EU micro-credential elements in a curator's validation form: folded away until wanted,
// controlled values chosen from the EU vocabularies the server accepts (asked once per page).
import { useEffect, useState } from "preact/hooks";
import { request } from "../core/api";
import { t } from "../core/i18n";
import { graphql } from "../gql";
import type { MicroCredentialVocabularyQuery } from "../gql/graphql";
import type { ElementsDraft } from "./elements";

const VOCABULARY = graphql(`
  query MicroCredentialVocabulary {
    microCredentialVocabulary {
      eqfLevels {
        iri
        label
      }
      participation {
        iri
        label
      }
      supervision {
        iri
        label
      }
      countries {
        iri
        label
      }
    }
  }
`);

type Vocabulary = MicroCredentialVocabularyQuery["microCredentialVocabulary"];
let asked: Promise<Vocabulary> | null = null;

function vocabulary(): Promise<Vocabulary> {
  asked ??= request(VOCABULARY, {}).then((data) => data.microCredentialVocabulary);
  return asked;
}

type TextKey = Exclude<keyof ElementsDraft, "isMicroCredential">;

export function ElementsFields({
  idPrefix,
  draft,
  onChange,
}: {
  idPrefix: string;
  draft: ElementsDraft;
  onChange: (draft: ElementsDraft) => void;
}) {
  const [words, setWords] = useState<Vocabulary | null>(null);
  useEffect(() => {
    vocabulary()
      .then(setWords)
      .catch(() => setWords(null));
  }, []);
  const id = (key: string) => `${idPrefix}-${key}`;
  const set = (key: TextKey) => (event: Event) =>
    onChange({ ...draft, [key]: (event.currentTarget as HTMLInputElement).value });
  const required = draft.isMicroCredential ? ` ${t("microCredential.form.required")}` : "";

  function text(key: TextKey, label: string, mandatory: boolean, rows = 0) {
    return (
      <p>
        <label for={id(key)}>
          {label}
          {mandatory && required}
        </label>
        {rows ? (
          <textarea id={id(key)} rows={rows} value={draft[key]} onInput={set(key)} />
        ) : (
          <input id={id(key)} value={draft[key]} onInput={set(key)} />
        )}
      </p>
    );
  }

  function choice(key: TextKey, label: string, mandatory: boolean, options: { value: string; label: string }[]) {
    return (
      <p>
        <label for={id(key)}>
          {label}
          {mandatory && required}
        </label>
        <select id={id(key)} value={draft[key]} onChange={set(key)}>
          <option value="">{t("microCredential.form.choose")}</option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </p>
    );
  }

  const concepts = (list: { iri: string; label: string }[] | undefined) =>
    (list ?? []).map((c) => ({ value: c.iri, label: c.label }));
  return (
    <details class="micro-credential-fields">
      <summary>{t("microCredential.form.legend")}</summary>
      <fieldset>
        <legend class="visually-hidden">{t("microCredential.form.legend")}</legend>
        <p class="hint">{t("microCredential.form.hint")}</p>
        <p>
          <label>
            <input
              type="checkbox"
              checked={draft.isMicroCredential}
              onChange={(e) => onChange({ ...draft, isMicroCredential: (e.currentTarget as HTMLInputElement).checked })}
            />{" "}
            {t("microCredential.form.isMicroCredential")}
          </label>
        </p>
        {text("learningOutcomes", t("microCredential.form.learningOutcomes"), true, 3)}
        {text("ectsCredits", t("microCredential.form.ects"), true)}
        {text("workloadHours", t("microCredential.form.hours"), false)}
        {choice(
          "eqfLevel",
          t("microCredential.eqfLevel"),
          true,
          (words?.eqfLevels ?? []).map((c, n) => ({ value: String(n + 1), label: c.label })),
        )}
        {text("assessmentType", t("microCredential.assessmentType"), true)}
        {choice("participation", t("microCredential.participation"), true, concepts(words?.participation))}
        {text("qualityAssurance", t("microCredential.qualityAssurance"), true, 2)}
        {text("prerequisites", t("microCredential.prerequisites"), false, 2)}
        {choice("supervision", t("microCredential.supervision"), false, concepts(words?.supervision))}
        {text("stackability", t("microCredential.stackability"), false)}
        {choice("country", t("microCredential.country"), true, concepts(words?.countries))}
        {text("awardingBody", t("microCredential.awardingBody"), true)}
        {text("legalIdentifier", t("microCredential.legalIdentifier"), true)}
      </fieldset>
    </details>
  );
}
