// /universities/new: a platform admin adds a university (name, website, its two brand colours,
// with how badge text will read on them), then appoints its first moderator on its people
// page. The server decides who may (university:create); this page only keeps others out.
import { useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { locale, t, useLocale } from "../core/i18n";
import type { MessageKey } from "../core/messages";
import { navigate } from "../core/router";
import { graphql } from "../gql";
import { useMe } from "../people/session";
import { useDraft } from "./draft";
import "./organisations.css";
import {
  EMPTY_UNIVERSITY,
  formatRatio,
  isColour,
  legibility,
  type UniversityDraft,
  universityInput,
  universityProblems,
} from "./university";

const CREATE = graphql(`
  mutation CreateUniversity($input: CreateUniversityInput!) {
    createUniversity(input: $input) {
      id
      name
    }
  }
`);

type ColourField = "brandPrimary" | "brandSecondary";

function ColourInput(props: {
  field: ColourField;
  label: string;
  hint: string;
  value: string;
  problem: MessageKey | undefined;
  onChange: (field: ColourField, value: string) => void;
}) {
  const { field, label, hint, value, problem, onChange } = props;
  const id = `uni-${field}`;
  const described = [`${id}-hint`, problem ? `${id}-problem` : ""].join(" ").trim();
  // The picker shows the last valid colour while the typed code is unfinished.
  const picked = isColour(value) ? value.trim().toLowerCase() : "#000000";
  return (
    <fieldset class="colour-field">
      <legend>{label}</legend>
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <div class="row">
        <label class="colour-picker">
          <span>{t("newUni.colourPick")}</span>
          {/* Two pickers on the page: each is named by its colour. */}
          <span class="visually-hidden"> ({label})</span>
          <input
            type="color"
            value={picked}
            onInput={(event) => onChange(field, (event.currentTarget as HTMLInputElement).value.toUpperCase())}
          />
        </label>
        <div class="field">
          <label for={id}>{t("newUni.colourHex")}</label>
          <input
            id={id}
            name={field}
            type="text"
            value={value}
            spellcheck={false}
            autoComplete="off"
            maxLength={7}
            aria-invalid={problem ? "true" : undefined}
            aria-describedby={described}
            onInput={(event) => onChange(field, (event.currentTarget as HTMLInputElement).value)}
          />
        </div>
      </div>
      {problem && (
        <p class="problem" id={`${id}-problem`}>
          {t(problem)}
        </p>
      )}
    </fieldset>
  );
}

/** A badge's colours with its text as it will print, and whether that text reads. The status
 * stays on the page (empty while the primary colour is unfinished) and only its text changes,
 * so that a screen reader hears each change. */
function BrandPreview({ draft }: { draft: UniversityDraft }) {
  const reading = legibility(draft.brandPrimary);
  const secondary = isColour(draft.brandSecondary) ? draft.brandSecondary : reading?.ink;
  const name = draft.name.trim() || t("newUni.previewName");
  return (
    <div class="brand-preview">
      {reading && (
        <svg viewBox="0 0 320 96" role="img" aria-labelledby="uni-preview-text" focusable="false">
          <title id="uni-preview-text">{t("newUni.previewLabel", { name })}</title>
          <rect width="320" height="96" rx="12" fill={draft.brandPrimary} />
          <rect y="72" width="320" height="24" fill={secondary} />
          <text x="160" y="44" text-anchor="middle" font-size="18" font-weight="700" fill={reading.ink}>
            {name.length > 24 ? `${name.slice(0, 23)}…` : name}
          </text>
        </svg>
      )}
      <p class={!reading || reading.readable ? "hint" : "problem"} role="status">
        {reading
          ? t(reading.readable ? "newUni.contrastGood" : "newUni.contrastLow", {
              ratio: formatRatio(reading.ratio, locale()),
            })
          : ""}
      </p>
    </div>
  );
}

export function NewUniversity() {
  useLocale();
  const me = useMe();
  const { draft, problems, setProblems, change } = useDraft<UniversityDraft>(EMPTY_UNIVERSITY);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const found = universityProblems(draft);
    setProblems(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.querySelector<HTMLElement>(`main [name="${first}"]`)?.focus();
      return;
    }
    setSending(true);
    setError(null);
    try {
      const created = await request(CREATE, { input: universityInput(draft) });
      navigate(`/universities/${created.createUniversity.id}/people?created=1`);
      window.scrollTo(0, 0);
    } catch (caught) {
      // Whatever was typed stays, beside the reason.
      setError(errorText(caught));
      if (caught instanceof ApiError && caught.field) {
        document.querySelector<HTMLElement>(`main [name="${caught.field}"]`)?.focus();
      }
    } finally {
      setSending(false);
    }
  }

  if (me === undefined) return <p role="status">{t("org.loading")}</p>;
  if (me === null) {
    return (
      <p>
        <a href="/sign-in?next=/universities/new">{t("newUni.signIn")}</a>
      </p>
    );
  }
  if (!me.platformAdmin) {
    return (
      <section aria-labelledby="new-uni-title" class="apply">
        <h1 id="new-uni-title">{t("newUni.title")}</h1>
        <p>{t("newUni.forbidden")}</p>
      </section>
    );
  }
  const field = (name: "name" | "website") => ({
    id: `uni-${name}`,
    name,
    value: draft[name],
    "aria-invalid": problems[name] ? ("true" as const) : undefined,
    "aria-describedby": problems[name] ? `uni-${name}-problem` : undefined,
    onInput: (event: Event) => change(name, (event.currentTarget as HTMLInputElement).value),
  });
  const problem = (name: "name" | "website") => {
    const key = problems[name];
    return (
      key && (
        <p class="problem" id={`uni-${name}-problem`}>
          {t(key)}
        </p>
      )
    );
  };
  return (
    <section aria-labelledby="new-uni-title" class="apply">
      <h1 id="new-uni-title">{t("newUni.title")}</h1>
      <p>{t("newUni.lead")}</p>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div class="field">
          <label for="uni-name">{t("newUni.name")}</label>
          <input {...field("name")} type="text" autoComplete="organization" />
          {problem("name")}
        </div>
        <div class="field">
          <label for="uni-website">{t("org.field.website")}</label>
          <input {...field("website")} type="url" inputMode="url" autoComplete="url" />
          {problem("website")}
        </div>
        <ColourInput
          field="brandPrimary"
          label={t("newUni.primary")}
          hint={t("newUni.primaryHint")}
          value={draft.brandPrimary}
          problem={problems.brandPrimary}
          onChange={change}
        />
        <ColourInput
          field="brandSecondary"
          label={t("newUni.secondary")}
          hint={t("newUni.secondaryHint")}
          value={draft.brandSecondary}
          problem={problems.brandSecondary}
          onChange={change}
        />
        <BrandPreview draft={draft} />
        {error && <p role="alert">{t("error.generic", { message: error })}</p>}
        <div class="row">
          <button type="submit" disabled={sending}>
            {t("newUni.add")}
          </button>
        </div>
      </form>
    </section>
  );
}
