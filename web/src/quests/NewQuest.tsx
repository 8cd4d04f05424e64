// /quests/new: ask for help. The place is picked on the map or typed (no geocoding service
// is asked, as in the opportunity editor); the exact address stays private until acceptance.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import type { MessageKey } from "../core/messages";
import { ProblemSummary } from "../core/ProblemSummary";
import { navigate } from "../core/router";
import { graphql } from "../gql";
import { parseDegrees } from "../opportunities/editor";
import { OpportunityMap } from "../opportunities/OpportunityMap";
import { DOMAINS } from "../opportunities/search";
import { useMe } from "../people/session";
import {
  EMPTY_FORM,
  fieldOfError,
  pickedPoint,
  postInput,
  type QuestField,
  type QuestForm,
  type QuestProblem,
  questProblems,
} from "./quests";
import "./quests.css";

const QUEST_UNIVERSITIES = graphql(`
  query QuestUniversities {
    universities {
      id
      name
    }
  }
`);

const POST_QUEST = graphql(`
  mutation PostQuest($input: PostQuestInput!) {
    postQuest(input: $input) {
      id
    }
  }
`);

/** A refusal the API gives as a code, in the person's words (null: show its own message). */
function refusal(caught: unknown): MessageKey | null {
  if (!(caught instanceof ApiError)) return null;
  if (caught.reason === "HELPING_HAND_OFF") return "questNew.problem.notEnabled";
  if (caught.reason === "DAILY_LIMIT") return "questNew.problem.tooMany";
  return null;
}

export function NewQuest() {
  useLocale();
  const me = useMe();
  const [form, setForm] = useState<QuestForm>(EMPTY_FORM);
  const [shown, setShown] = useState<QuestProblem[]>([]);
  const [serverField, setServerField] = useState<{ field: QuestField; text: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [universities, setUniversities] = useState<{ id: string; name: string }[] | null>(null);
  const summary = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!me) return;
    request(QUEST_UNIVERSITIES, {})
      .then((data) => {
        setUniversities(data.universities);
        const only = data.universities.length === 1 ? data.universities[0] : undefined;
        if (only) setForm((current) => ({ ...current, universityId: only.id }));
      })
      .catch((caught: unknown) => setFailure(errorText(caught)));
  }, [Boolean(me)]);

  const latitude = parseDegrees(form.latitude);
  const longitude = parseDegrees(form.longitude);
  const picked = useMemo(
    () =>
      latitude !== null && longitude !== null && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180
        ? { latitude, longitude }
        : null,
    [latitude, longitude],
  );

  if (me === undefined) return <p role="status">{t("quest.loading")}</p>;
  if (me === null) {
    return (
      <section aria-labelledby="new-quest-title">
        <h1 id="new-quest-title">{t("questNew.title")}</h1>
        <p>
          <a href="/sign-in?next=/quests/new">{t("questNew.signIn")}</a>
        </p>
      </section>
    );
  }

  const set = (field: QuestField) => (event: Event) => {
    const value = (event.currentTarget as HTMLInputElement).value;
    setForm((current) => ({ ...current, [field]: value }));
    setShown((current) => current.filter((p) => p.field !== field));
    if (serverField?.field === field) setServerField(null);
  };
  const problemOf = (field: QuestField): string | null => {
    const local = shown.find((p) => p.field === field);
    if (local) return t(local.message);
    return serverField?.field === field ? serverField.text : null;
  };
  const described = (field: QuestField, hint?: string) => {
    const ids = [hint, problemOf(field) ? `${field}-problem` : undefined].filter(Boolean);
    return {
      id: `field-${field}`,
      "aria-describedby": ids.length ? ids.join(" ") : undefined,
      "aria-invalid": problemOf(field) ? ("true" as const) : undefined,
    };
  };
  const problemText = (field: QuestField) => {
    const text = problemOf(field);
    return (
      text && (
        <p class="problem" id={`${field}-problem`}>
          {text}
        </p>
      )
    );
  };

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    setFailure(null);
    setServerField(null);
    const found = questProblems(form);
    setShown(found);
    if (found.length) {
      summary.current?.focus();
      return;
    }
    setSaving(true);
    try {
      const data = await request(POST_QUEST, { input: postInput(form) });
      navigate(`/quests/${data.postQuest.id}`);
    } catch (caught) {
      const field = fieldOfError(caught);
      if (field) {
        setServerField({ field, text: caught instanceof Error ? caught.message : String(caught) });
        document.getElementById(`field-${field}`)?.focus();
      } else {
        const key = refusal(caught);
        setFailure(key ? t(key) : t("error.generic", { message: errorText(caught) }));
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <section aria-labelledby="new-quest-title" class="quest-form">
      <h1 id="new-quest-title">{t("questNew.title")}</h1>
      <p>{t("questNew.lead")}</p>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <ProblemSummary
          problems={shown}
          heading={t("questNew.problems", { count: shown.length })}
          label={(field) => t(`questNew.field.${field}`)}
          focus={summary}
        />
        <fieldset>
          <legend>{t("questNew.what")}</legend>
          <label for="field-universityId">{t("questNew.field.universityId")}</label>
          <select
            value={form.universityId}
            onChange={set("universityId")}
            {...described("universityId", "university-hint")}
          >
            <option value="">{universities === null ? t("quest.loading") : t("questNew.university.pick")}</option>
            {(universities ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          <p class="hint" id="university-hint">
            {t("questNew.university.hint")}
          </p>
          {problemText("universityId")}
          <label for="field-title">{t("questNew.field.title")}</label>
          <input value={form.title} maxLength={120} onInput={set("title")} {...described("title")} />
          {problemText("title")}
          <label for="field-description">{t("questNew.field.description")}</label>
          <textarea
            rows={5}
            maxLength={2000}
            value={form.description}
            onInput={set("description")}
            {...described("description")}
          />
          {problemText("description")}
          <label for="field-domain">{t("questNew.field.domain")}</label>
          <select value={form.domain} onChange={set("domain")} {...described("domain")}>
            <option value="">{t("questNew.domain.pick")}</option>
            {DOMAINS.map((d) => (
              <option key={d} value={d}>
                {t(`domain.${d}`)}
              </option>
            ))}
          </select>
          {problemText("domain")}
        </fieldset>
        <fieldset>
          <legend>{t("questNew.where")}</legend>
          <label for="field-address">{t("questNew.field.address")}</label>
          <input
            value={form.address}
            maxLength={300}
            autoComplete="street-address"
            onInput={set("address")}
            {...described("address", "address-hint")}
          />
          <p class="hint" id="address-hint">
            {t("questNew.address.hint")}
          </p>
          {problemText("address")}
          <label for="field-areaName">{t("questNew.field.areaName")}</label>
          <input
            value={form.areaName}
            maxLength={120}
            onInput={set("areaName")}
            {...described("areaName", "area-hint")}
          />
          <p class="hint" id="area-hint">
            {t("questNew.areaName.hint")}
          </p>
          {problemText("areaName")}
          <div class="place-map">
            <OpportunityMap
              places={[]}
              near={picked}
              label={t("questNew.map")}
              pickHint={t("questNew.map.hint")}
              onPick={(point) => {
                setForm((current) => ({ ...current, ...pickedPoint(point) }));
                setShown((current) => current.filter((p) => p.field !== "latitude" && p.field !== "longitude"));
              }}
            />
          </div>
          <p class="hint" id="coordinates-hint">
            {t("questNew.coordinates.hint")}
          </p>
          <div class="row">
            <div class="field">
              <label for="field-latitude">{t("questNew.field.latitude")}</label>
              <input
                inputMode="decimal"
                value={form.latitude}
                onInput={set("latitude")}
                {...described("latitude", "coordinates-hint")}
              />
              {problemText("latitude")}
            </div>
            <div class="field">
              <label for="field-longitude">{t("questNew.field.longitude")}</label>
              <input
                inputMode="decimal"
                value={form.longitude}
                onInput={set("longitude")}
                {...described("longitude", "coordinates-hint")}
              />
              {problemText("longitude")}
            </div>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("questNew.whenLegend")}</legend>
          <div class="row">
            <div class="field">
              <label for="field-startsAt">{t("questNew.field.startsAt")}</label>
              <input
                type="datetime-local"
                value={form.startsAt}
                onInput={set("startsAt")}
                {...described("startsAt", "starts-hint")}
              />
              <p class="hint" id="starts-hint">
                {t("questNew.startsAt.hint")}
              </p>
              {problemText("startsAt")}
            </div>
            <div class="field">
              <label for="field-expiresInDays">{t("questNew.field.expiresInDays")}</label>
              <input
                type="number"
                inputMode="numeric"
                min={1}
                max={30}
                value={form.expiresInDays}
                onInput={set("expiresInDays")}
                {...described("expiresInDays", "expires-hint")}
              />
              <p class="hint" id="expires-hint">
                {t("questNew.expires.hint")}
              </p>
              {problemText("expiresInDays")}
            </div>
          </div>
        </fieldset>
        {failure && <p role="alert">{failure}</p>}
        <p>
          <button type="submit" disabled={saving}>
            {saving ? t("questNew.posting") : t("questNew.submit")}
          </button>
        </p>
      </form>
    </section>
  );
}
