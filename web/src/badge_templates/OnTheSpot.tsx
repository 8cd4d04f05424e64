// /on-the-spot: a teacher, or an approved organisation's admin or supervisor, picks one of the
// university's templates and issues its badge at once to the learners they saw, with what they
// saw as the first endorsement and a level per rubric criterion. All or nothing.
import { useEffect, useRef, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { OnTheSpotTemplatesQuery, IssueOnTheSpotMutation } from "../gql/graphql";
import { useMe } from "../people/session";
import { allowedLevels, assessmentOf, type Issuer, issuersOf, MAX_LEARNERS, parseEmails } from "./onTheSpot";
import "./badge_templates.css";

const MINE = graphql(`
  query OnTheSpotIssuers {
    me {
      id
      memberships {
        role
        bodyId
        bodyName
        bodyKind
        bodyStatus
      }
    }
  }
`);

const UNIVERSITY_OF = graphql(`
  query OnTheSpotOrganisation($id: ID!) {
    organisation(id: $id) {
      id
      university {
        id
      }
    }
  }
`);

const TEMPLATES = graphql(`
  query OnTheSpotTemplates($universityId: ID!) {
    badgeTemplates(universityId: $universityId) {
      id
      name
      description
      rubric {
        id
        name
        levels
        minimumLevel
      }
    }
  }
`);

const ISSUE = graphql(`
  mutation IssueOnTheSpot($input: IssueOnTheSpotInput!) {
    issueOnTheSpot(input: $input) {
      requestId
      badgeClassId
      badges {
        email
        learnerName
        assertionId
      }
    }
  }
`);

type Template = OnTheSpotTemplatesQuery["badgeTemplates"][number];
type Report = IssueOnTheSpotMutation["issueOnTheSpot"];

export function OnTheSpot({ issuer: asked }: { issuer: string | null }) {
  useLocale();
  const me = useMe();
  const [issuers, setIssuers] = useState<Issuer[] | null>(null);
  const [issuerId, setIssuerId] = useState<string>("");
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const done = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!me) return;
    void request(MINE, {})
      .then((data) => {
        const mine = issuersOf(data.me?.memberships ?? []);
        setIssuers(mine);
        setIssuerId(mine.find((i) => i.id === asked)?.id ?? mine[0]?.id ?? "");
      })
      .catch((caught: unknown) => setError(errorText(caught)));
  }, [me?.id]);

  useEffect(() => {
    const issuer = issuers?.find((i) => i.id === issuerId);
    if (!issuer) return;
    setTemplates(null);
    const university =
      issuer.kind === "University"
        ? Promise.resolve(issuer.id)
        : request(UNIVERSITY_OF, { id: issuer.id }).then((o) => o.organisation?.university.id ?? "");
    void university
      .then((universityId) => request(TEMPLATES, { universityId }))
      .then((data) => setTemplates(data.badgeTemplates))
      .catch((caught: unknown) => setError(errorText(caught)));
  }, [issuers, issuerId]);

  useEffect(() => {
    if (report) done.current?.focus();
  }, [report]);

  if (me === null) {
    return (
      <p>
        <a href="/sign-in?next=/on-the-spot">{t("spot.signIn")}</a>
      </p>
    );
  }
  if (error) return <p role="alert">{t("error.generic", { message: error })}</p>;
  if (!issuers) return <p role="status">{t("spot.loading")}</p>;
  if (issuers.length === 0) {
    return (
      <section class="on-the-spot" aria-labelledby="spot-title">
        <h1 id="spot-title">{t("spot.title")}</h1>
        <p>{t("spot.noRole")}</p>
      </section>
    );
  }
  if (report) {
    return (
      <section class="on-the-spot" aria-labelledby="spot-done">
        <h1 id="spot-done" tabIndex={-1} ref={done}>
          {t("spot.done", { count: report.badges.length })}
        </h1>
        <ul class="issued-list">
          {report.badges.map((b) => (
            <li key={b.assertionId}>
              <a href={`/badges/${b.assertionId}`}>{t("spot.badge", { name: b.learnerName, email: b.email })}</a>
            </li>
          ))}
        </ul>
        <p>
          <button type="button" onClick={() => setReport(null)}>
            {t("spot.another")}
          </button>
        </p>
      </section>
    );
  }
  return (
    <section class="on-the-spot" aria-labelledby="spot-title">
      <h1 id="spot-title">{t("spot.title")}</h1>
      <p>{t("spot.lead")}</p>
      <label class="field">
        {t("spot.issuer")}
        <select value={issuerId} onChange={(e) => setIssuerId(e.currentTarget.value)}>
          {issuers.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </select>
      </label>
      {templates === null ? (
        <p role="status">{t("spot.loading")}</p>
      ) : templates.length === 0 ? (
        <p>{t("spot.noTemplates")}</p>
      ) : (
        <IssueForm key={issuerId} issuerId={issuerId} templates={templates} onIssued={setReport} />
      )}
    </section>
  );
}

function IssueForm({
  issuerId,
  templates,
  onIssued,
}: {
  issuerId: string;
  templates: Template[];
  onIssued: (report: Report) => void;
}) {
  const [templateId, setTemplateId] = useState(templates[0]?.id ?? "");
  const [name, setName] = useState("");
  const [context, setContext] = useState("");
  const [learners, setLearners] = useState("");
  const [observation, setObservation] = useState("");
  const [levels, setLevels] = useState<Record<string, number>>({});
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  // One id per request the person means: a retry after a lost answer issues nothing twice.
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const template = templates.find((k) => k.id === templateId) ?? templates[0];
  if (!template) return null;
  const parsed = parseEmails(learners);
  const assessment = assessmentOf(template.rubric, levels);
  const problems = [
    parsed.invalid.length > 0 ? t("spot.learners.invalid", { addresses: parsed.invalid.join(", ") }) : null,
    parsed.emails.length < 1 || parsed.emails.length > MAX_LEARNERS ? t("spot.learners.count") : null,
    observation.trim() ? null : t("spot.observation.required"),
    assessment === null ? t("spot.rubric.missing") : null,
  ].filter((p): p is string => p !== null);
  const change = (apply: () => void): void => {
    apply();
    setRequestId(crypto.randomUUID());
  };

  const submit = (event: Event): void => {
    event.preventDefault();
    setTried(true);
    if (problems.length > 0 || assessment === null) return;
    setBusy(true);
    setFailed(null);
    void request(ISSUE, {
      input: {
        requestId,
        templateId: template.id,
        issuerId,
        learners: parsed.emails,
        observation: observation.trim(),
        name: name.trim() || null,
        context: context.trim() || null,
        assessment,
      },
    })
      .then((data) => onIssued(data.issueOnTheSpot))
      .catch((caught: unknown) => setFailed(errorText(caught)))
      .finally(() => setBusy(false));
  };

  return (
    <form onSubmit={submit} noValidate class="on-the-spot">
      {tried && problems.length > 0 && (
        <ul role="alert" class="problem">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {failed && <p role="alert">{t("spot.failed", { message: failed })}</p>}
      <label class="field">
        {t("spot.template")}
        <select value={template.id} onChange={(e) => change(() => setTemplateId(e.currentTarget.value))}>
          {templates.map((k) => (
            <option key={k.id} value={k.id}>
              {k.name}
            </option>
          ))}
        </select>
      </label>
      <p class="hint">{template.description}</p>
      <label class="field">
        {t("spot.name")}
        <input value={name} maxLength={200} onInput={(e) => change(() => setName(e.currentTarget.value))} />
      </label>
      <label class="field">
        {t("spot.context")}
        <input value={context} maxLength={300} onInput={(e) => change(() => setContext(e.currentTarget.value))} />
      </label>
      <label class="field">
        {t("spot.learners")}
        <textarea
          rows={3}
          value={learners}
          aria-describedby="spot-learners-help"
          autoComplete="off"
          onInput={(e) => change(() => setLearners(e.currentTarget.value))}
        />
      </label>
      <p class="hint" id="spot-learners-help">
        {t("spot.learners.help")}
      </p>
      <label class="field">
        {t("spot.observation")}
        <textarea
          rows={3}
          maxLength={2000}
          value={observation}
          aria-describedby="spot-observation-help"
          onInput={(e) => change(() => setObservation(e.currentTarget.value))}
        />
      </label>
      <p class="hint" id="spot-observation-help">
        {t("spot.observation.help")}
      </p>
      {template.rubric.length > 0 && (
        <fieldset class="designer-part">
          <legend>{t("spot.rubric")}</legend>
          {template.rubric.map((k) => (
            <label class="field" key={k.id}>
              {k.name}
              {k.minimumLevel ? ` (${t("spot.level.minimum", { level: k.minimumLevel })})` : ""}
              <select
                value={String(levels[k.id] ?? "")}
                onChange={(e) => {
                  const level = Number(e.currentTarget.value);
                  change(() => setLevels({ ...levels, [k.id]: level }));
                }}
              >
                <option value="">{t("spot.level.choose")}</option>
                {allowedLevels(k).map((level) => (
                  <option key={level} value={level}>
                    {level}: {k.levels[level - 1]}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      )}
      <p>
        <button type="submit" disabled={busy}>
          {busy ? t("spot.issuing") : t("spot.submit")}
        </button>
      </p>
    </form>
  );
}
