// Becoming an issuer: a guided application in steps (what it does, where, contact, which
// university, a last look), then the organisation's own page, pending.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import type { MessageKey } from "../core/messages";
import { navigate } from "../core/router";
import { graphql } from "../gql";
import type { ApplyUniversitiesQuery } from "../gql/graphql";
import { loadMe, useMe } from "../people/session";
import { Field, PlaceFields } from "./fields";
import "./organisations.css";
import {
  type Draft,
  EMPTY_DRAFT,
  type Problems,
  parseCoordinate,
  problemsOf,
  STEPS,
  type Step,
} from "./profile";

const UNIVERSITIES = graphql(`
  query ApplyUniversities {
    universities {
      id
      name
    }
  }
`);

const APPLY = graphql(`
  mutation ApplyOrganisation($input: ApplyOrganisationInput!) {
    applyOrganisation(input: $input) {
      id
      status
    }
  }
`);

type University = ApplyUniversitiesQuery["universities"][number];

const STEP_TITLES: Record<Step, MessageKey> = {
  about: "apply.step.about",
  place: "apply.step.place",
  contact: "apply.step.contact",
  university: "apply.step.university",
  review: "apply.step.review",
};

export function ApplyOrganisation() {
  useLocale();
  const me = useMe();
  const [index, setIndex] = useState(0);
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [problems, setProblems] = useState<Problems>({});
  const [universities, setUniversities] = useState<University[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  const step = STEPS[index] ?? "about";

  useEffect(() => {
    void request(UNIVERSITIES, {})
      .then((data) => {
        setUniversities(data.universities);
        const only = data.universities.length === 1 ? data.universities[0] : undefined;
        if (only) setDraft((current) => ({ ...current, universityId: current.universityId || only.id }));
      })
      .catch((caught: unknown) => setError(errorText(caught)));
  }, []);

  // Each new step is announced by moving focus to its heading (not on the first render).
  useEffect(() => {
    if (moved.current) heading.current?.focus();
    moved.current = true;
  }, [index]);

  function change(field: keyof Draft, value: string): void {
    setDraft((current) => ({ ...current, [field]: value }));
    if (problems[field]) {
      setProblems((current) => {
        const rest = { ...current };
        delete rest[field];
        return rest;
      });
    }
  }

  function check(): boolean {
    const found = problemsOf(step, draft);
    setProblems(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.querySelector<HTMLElement>(`main [name="${first}"]`)?.focus();
      return false;
    }
    return true;
  }

  async function send(): Promise<void> {
    setSending(true);
    setError(null);
    try {
      const applied = await request(APPLY, {
        input: {
          universityId: draft.universityId,
          name: draft.name.trim(),
          description: draft.description.trim(),
          website: draft.website.trim() || null,
          contactEmail: draft.contactEmail.trim(),
          contactPhone: draft.contactPhone.trim() || null,
          address: draft.address.trim(),
          latitude: parseCoordinate(draft.latitude, "latitude") ?? 0,
          longitude: parseCoordinate(draft.longitude, "longitude") ?? 0,
        },
      });
      // The applicant is now its first admin: the header's "Work" follows.
      await loadMe();
      navigate(`/organisations/${applied.applyOrganisation.id}`);
      window.scrollTo(0, 0);
    } catch (caught) {
      setError(errorText(caught));
      if (caught instanceof ApiError && caught.field) {
        document.querySelector<HTMLElement>(`main [name="${caught.field}"]`)?.focus();
      }
    } finally {
      setSending(false);
    }
  }

  function submit(event: Event): void {
    event.preventDefault();
    if (!check()) return;
    if (step === "review") void send();
    else setIndex(index + 1);
  }

  if (me === null) {
    return (
      <section aria-labelledby="apply-title" class="narrow">
        <h1 id="apply-title">{t("apply.title")}</h1>
        <p>{t("apply.lead")}</p>
        <p>
          <a href="/sign-in?next=/organisations/apply">{t("apply.signIn")}</a>
        </p>
      </section>
    );
  }

  const shared = { draft, problems, onChange: change };
  const university = universities?.find((u) => u.id === draft.universityId);
  return (
    <section aria-labelledby="apply-title" class="apply">
      <h1 id="apply-title">{t("apply.title")}</h1>
      <p>{t("apply.lead")}</p>
      <ol class="steps" aria-label={t("apply.progress")}>
        {STEPS.map((name, i) => (
          <li key={name} class={i === index ? "current" : i < index ? "done" : ""} aria-current={i === index ? "step" : undefined}>
            {t(STEP_TITLES[name])}
          </li>
        ))}
      </ol>
      <form onSubmit={submit} noValidate>
        <h2 ref={heading} tabIndex={-1}>
          {t("apply.stepOf", { n: index + 1, total: STEPS.length })} {t(STEP_TITLES[step])}
        </h2>
        {step === "about" && (
          <>
            <Field id="apply-name" field="name" label={t("org.field.name")} autoComplete="organization" {...shared} />
            <Field
              id="apply-description"
              field="description"
              label={t("org.field.description")}
              hint={t("apply.descriptionHint")}
              multiline
              {...shared}
            />
            <Field
              id="apply-website"
              field="website"
              label={t("org.field.website")}
              type="url"
              inputMode="url"
              autoComplete="url"
              {...shared}
            />
          </>
        )}
        {step === "place" && <PlaceFields prefix="apply" {...shared} />}
        {step === "contact" && (
          <>
            <Field
              id="apply-email"
              field="contactEmail"
              label={t("org.field.contactEmail")}
              hint={t("apply.contactHint")}
              type="email"
              inputMode="email"
              autoComplete="email"
              {...shared}
            />
            <Field
              id="apply-phone"
              field="contactPhone"
              label={t("org.field.contactPhone")}
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              {...shared}
            />
          </>
        )}
        {step === "university" && (
          <fieldset class="choices" aria-describedby={problems.universityId ? "apply-university-problem" : undefined}>
            <legend>{t("apply.whichUniversity")}</legend>
            <p class="hint">{t("apply.universityHint")}</p>
            {universities === null && <p role="status">{t("org.loading")}</p>}
            {universities?.map((u) => (
              <label class="check" key={u.id}>
                <input
                  type="radio"
                  name="universityId"
                  value={u.id}
                  checked={draft.universityId === u.id}
                  onChange={() => change("universityId", u.id)}
                />
                {u.name}
              </label>
            ))}
            {problems.universityId && (
              <p class="problem" id="apply-university-problem">
                {t(problems.universityId)}
              </p>
            )}
          </fieldset>
        )}
        {step === "review" && (
          <dl class="review">
            <dt>{t("org.field.name")}</dt>
            <dd>{draft.name}</dd>
            <dt>{t("org.field.description")}</dt>
            <dd class="description">{draft.description}</dd>
            <dt>{t("org.field.website")}</dt>
            <dd>{draft.website || t("org.none")}</dd>
            <dt>{t("org.field.address")}</dt>
            <dd>
              {draft.address} ({draft.latitude}, {draft.longitude})
            </dd>
            <dt>{t("org.field.contactEmail")}</dt>
            <dd>{draft.contactEmail}</dd>
            <dt>{t("org.field.contactPhone")}</dt>
            <dd>{draft.contactPhone || t("org.none")}</dd>
            <dt>{t("apply.step.university")}</dt>
            <dd>{university?.name ?? ""}</dd>
          </dl>
        )}
        {step === "review" && <p class="hint">{t("apply.whatNext")}</p>}
        {error && <p role="alert">{t("error.generic", { message: error })}</p>}
        <div class="row">
          {index > 0 && (
            <button type="button" class="secondary" onClick={() => setIndex(index - 1)}>
              {t("apply.back")}
            </button>
          )}
          <button type="submit" disabled={sending}>
            {step === "review" ? t("apply.send") : t("apply.next")}
          </button>
        </div>
      </form>
    </section>
  );
}
