// /badge-classes/{id}/peer-assessment: whether a badge class is peer-assessed and with which
// numbers; those who manage its issuer's issuance consent switch it on (the issuer's recorded
// consent to issue on passing reviews), change it, or switch it off after a confirmation. A
// class the server never lets be peer-assessed says why instead of offering the form.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import type { MessageKey } from "../core/messages";
import { graphql } from "../gql";
import type { PeerSettingsPageQuery } from "../gql/graphql";
import { useMe } from "../people/session";
import {
  bounds,
  mayConfigure,
  peerRefusal,
  type Problems,
  type Refusal,
  SETTINGS_FIELDS,
  type SettingsDraft,
  settingsDraft,
  type SettingsField,
  settingsInput,
} from "./settings";
import "./peer.css";

// What the page shows of a configuration, read and answered the same way.
graphql(`
  fragment PeerSettingsShown on PeerAssessmentConfiguration {
    badgeClassId
    badgeClassName
    issuerId
    issuerName
    enabled
    reviewers
    passingScore
    disagreement
    expiryDays
    maxScore
    consentAt
  }
`);

const CONFIGURATION = graphql(`
  query PeerSettingsPage($badgeClassId: ID!) {
    peerAssessmentConfiguration(badgeClassId: $badgeClassId) {
      ...PeerSettingsShown
    }
    badgeClass(id: $badgeClassId) {
      id
      oneOff
      helpingHand
      officiallyValidated
      issuance {
        autoIssueOnCompletion
      }
    }
  }
`);

const CONFIGURE = graphql(`
  mutation ConfigurePeerAssessment($badgeClassId: ID!, $settings: PeerAssessmentSettingsInput) {
    configurePeerAssessment(badgeClassId: $badgeClassId, settings: $settings) {
      ...PeerSettingsShown
    }
  }
`);

type Configuration = NonNullable<PeerSettingsPageQuery["peerAssessmentConfiguration"]>;

const REFUSED: Record<Refusal, MessageKey> = {
  special: "peerSettings.refused.special",
  validated: "peerSettings.refused.validated",
};

const LABEL: Record<SettingsField, MessageKey> = {
  reviewers: "peerSettings.reviewers",
  passingScore: "peerSettings.passingScore",
  disagreement: "peerSettings.disagreement",
  expiryDays: "peerSettings.expiryDays",
};

const HELP: Record<SettingsField, MessageKey> = {
  reviewers: "peerSettings.reviewers.help",
  passingScore: "peerSettings.passingScore.help",
  disagreement: "peerSettings.disagreement.help",
  expiryDays: "peerSettings.expiryDays.help",
};

export function PeerSettings({ id }: { id: string }) {
  useLocale();
  const me = useMe();
  const [found, setFound] = useState<Configuration | null | undefined>(undefined);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    request(CONFIGURATION, { badgeClassId: id })
      .then((data) => {
        setRefusal(data.badgeClass ? peerRefusal(data.badgeClass) : null);
        setFound(data.peerAssessmentConfiguration ?? null);
      })
      .catch((caught: unknown) => setError(errorText(caught)));
  }, [id]);

  if (error) return <p role="alert">{t("error.generic", { message: error })}</p>;
  if (found === undefined) return <p role="status">{t("peer.loading")}</p>;
  if (found === null) return <h1>{t("peerSettings.notFound")}</h1>;

  const manages = me ? mayConfigure(me.memberships, found.issuerId) : false;
  const changed = (next: Configuration, message: string): void => {
    setFound(next);
    setNotice(message);
    heading.current?.focus();
  };

  return (
    <section class="peer peer-settings" aria-labelledby="peer-settings-title">
      <h1 id="peer-settings-title">{t("peerSettings.title", { name: found.badgeClassName })}</h1>
      <p>{t("peerSettings.lead", { issuer: found.issuerName })}</p>
      {refusal && <p class="peer-refused">{t(REFUSED[refusal])}</p>}
      <section aria-labelledby="peer-settings-now">
        <h2 id="peer-settings-now" tabIndex={-1} ref={heading}>
          {t("peerSettings.now")}
        </h2>
        <p role="status" class="success">
          {notice ?? ""}
        </p>
        <Current configuration={found} />
      </section>
      {me === null && (
        <p>
          <a href={`/sign-in?next=/badge-classes/${id}/peer-assessment`}>{t("peerSettings.signIn")}</a>
        </p>
      )}
      {manages && !refusal && found.maxScore === 0 && (
        <p class="peer-rubric-missing">
          {t("peerSettings.noRubric")}{" "}
          <a href={`/badge-classes/${id}/edit`}>{t("peerSettings.addRubric", { name: found.badgeClassName })}</a>
        </p>
      )}
      {manages && !refusal && found.maxScore > 0 && (
        <SettingsForm configuration={found} onSaved={(next) => changed(next, t("peerSettings.saved"))} />
      )}
      {manages && found.enabled && (
        <SwitchOff configuration={found} onOff={(next) => changed(next, t("peerSettings.switchedOff"))} />
      )}
      {manages && (
        <p>
          <a href={`/issuers/${found.issuerId}/badge-classes`}>
            {t("peerSettings.back", { issuer: found.issuerName })}
          </a>
        </p>
      )}
    </section>
  );
}

function Current({ configuration: c }: { configuration: Configuration }) {
  if (!c.enabled) return <p class="peer-state">{t("peerSettings.off")}</p>;
  return (
    <>
      <p class="peer-state">
        {c.consentAt ? t("peerSettings.onSince", { date: formatDate(c.consentAt) }) : t("peerSettings.on")}
      </p>
      <dl class="peer-settings-now">
        <dt>{t("peerSettings.reviewers")}</dt>
        <dd>{c.reviewers}</dd>
        <dt>{t("peerSettings.passingScore")}</dt>
        <dd>{t("peerSettings.ofMax", { value: c.passingScore ?? 0, max: c.maxScore })}</dd>
        <dt>{t("peerSettings.disagreement")}</dt>
        <dd>{c.disagreement}</dd>
        <dt>{t("peerSettings.expiryDays")}</dt>
        <dd>{c.expiryDays}</dd>
      </dl>
    </>
  );
}

function SettingsForm({
  configuration: c,
  onSaved,
}: {
  configuration: Configuration;
  onSaved: (next: Configuration) => void;
}) {
  const [draft, setDraft] = useState<SettingsDraft>(() => settingsDraft(c));
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const limits = bounds(c.maxScore);

  const focus = (field: string): void => {
    document.getElementById(`peer-${field}`)?.focus();
  };

  async function save(event: Event): Promise<void> {
    event.preventDefault();
    setError(null);
    const checked = settingsInput(draft, c.maxScore);
    if ("problems" in checked) {
      setProblems(checked.problems);
      const first = SETTINGS_FIELDS.find((f) => checked.problems[f]);
      if (first) focus(first);
      return;
    }
    setProblems({});
    setBusy(true);
    try {
      const data = await request(CONFIGURE, { badgeClassId: c.badgeClassId, settings: checked.input });
      onSaved(data.configurePeerAssessment);
    } catch (caught) {
      // The input stays as typed; a refused field takes the keyboard.
      setError(errorText(caught));
      if (caught instanceof ApiError && caught.field && (SETTINGS_FIELDS as readonly string[]).includes(caught.field)) {
        focus(caught.field);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="peer-settings-form">
      <h2 id="peer-settings-form">{c.enabled ? t("peerSettings.change") : t("peerSettings.switchOn")}</h2>
      <p class="peer-consent">{t("peerSettings.meaning", { issuer: c.issuerName })}</p>
      <form noValidate onSubmit={(e) => void save(e)}>
        {c.reviewers != null && (
          <p class="hint" id="peer-settings-submitted">
            {t("peerSettings.submittedKeep")}
          </p>
        )}
        {SETTINGS_FIELDS.map((field) => {
          const [low, high] = limits[field];
          const problem = problems[field];
          const inputId = `peer-${field}`;
          return (
            <div class="field" key={field}>
              <label for={inputId}>{t(LABEL[field])}</label>
              <input
                id={inputId}
                name={field}
                type="number"
                inputMode="numeric"
                min={low}
                max={high}
                required
                value={draft[field]}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `${inputId}-help ${inputId}-problem` : `${inputId}-help`}
                onInput={(e) => {
                  const value = (e.currentTarget as HTMLInputElement).value;
                  setDraft((now) => ({ ...now, [field]: value }));
                }}
              />
              <p class="hint field-hint" id={`${inputId}-help`}>
                {t(HELP[field], { low, high })}
              </p>
              {problem && (
                <p class="problem" id={`${inputId}-problem`}>
                  {t(problem.key, problem.params)}
                </p>
              )}
            </div>
          );
        })}
        {error && <p role="alert">{t("error.generic", { message: error })}</p>}
        <p class="row">
          <button
            type="submit"
            disabled={busy}
            aria-describedby={c.reviewers != null ? "peer-settings-submitted" : undefined}
          >
            {c.enabled ? t("peerSettings.save") : t("peerSettings.consent")}
          </button>
        </p>
      </form>
    </section>
  );
}

function SwitchOff({
  configuration: c,
  onOff,
}: {
  configuration: Configuration;
  onOff: (next: Configuration) => void;
}) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const question = useRef<HTMLHeadingElement>(null);
  const open = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  // Into the question on asking; back to the button that asked on "Keep it on" (WCAG 2.4.3).
  useEffect(() => {
    if (asking) question.current?.focus();
    else if (asked.current) open.current?.focus();
    asked.current = asking;
  }, [asking]);

  async function off(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const data = await request(CONFIGURE, { badgeClassId: c.badgeClassId, settings: null });
      onOff(data.configurePeerAssessment);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="peer-settings-off" class="danger">
      <h2 id="peer-settings-off">{t("peerSettings.off.title")}</h2>
      {!asking ? (
        <button type="button" class="secondary" ref={open} onClick={() => setAsking(true)}>
          {t("peerSettings.off.open")}
        </button>
      ) : (
        <div role="group" aria-labelledby="peer-settings-off-confirm">
          <h3 id="peer-settings-off-confirm" tabIndex={-1} ref={question}>
            {t("peerSettings.off.confirm.title", { name: c.badgeClassName })}
          </h3>
          <p>{t("peerSettings.off.confirm.what", { issuer: c.issuerName })}</p>
          {error && <p role="alert">{t("error.generic", { message: error })}</p>}
          <p class="row">
            <button type="button" class="danger" disabled={busy} onClick={() => void off()}>
              {t("peerSettings.off.confirm")}
            </button>
            <button type="button" class="secondary" disabled={busy} onClick={() => setAsking(false)}>
              {t("peerSettings.off.keep")}
            </button>
          </p>
        </div>
      )}
    </section>
  );
}
