// /universities/{id}/curation: the curators' queue of community badge classes (most endorsed
// first, with the evidence learners shared and the endorsement counts), the endorsement
// flags and held endorsements, validating or withdrawing with a note, and the history.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { draftInput, type ElementsDraft, EMPTY_DRAFT, notANumber } from "../micro_credentials/elements";
import { ElementsFields } from "../micro_credentials/ElementsFields";
import { formatDate, t, useLocale } from "../core/i18n";
import { formatNumber } from "../insights/range";
import { graphql } from "../gql";
import type { CurationPageQuery } from "../gql/graphql";
import { useMe } from "../people/session";
import { ClearFlag } from "./ClearFlag";
import "./curation.css";
import { ValidationHistory } from "./ValidationHistory";
import { newestDecisionByClass } from "./validations";

const CURATION = graphql(`
  query CurationPage($universityId: ID!) {
    university(id: $universityId) {
      id
      name
    }
    curationQueue(universityId: $universityId, first: 30) {
      badgeClassId
      badgeClassName
      assertions
      endorsements
      sharedEvidence
    }
    endorsementFlags(universityId: $universityId, days: 90) {
      kind
      people
    }
    heldEndorsements(universityId: $universityId, first: 30) {
      endorsementId
      claimTitle
      learnerName
      endorserName
      createdAt
      reason
    }
    officialBadgeClasses(universityId: $universityId, first: 500) {
      badgeClassId
      badgeClassName
      issuerName
      validatedAt
      curatorName
    }
    curationHistory(universityId: $universityId, first: 50) {
      badgeClassId
      badgeClassName
      action
      note
      at
      curatorName
    }
  }
`);

const VALIDATE = graphql(`
  mutation ValidateBadgeClass($id: ID!, $note: String!, $microCredential: MicroCredentialInput) {
    validateBadgeClass(id: $id, note: $note, microCredential: $microCredential) {
      id
    }
  }
`);

const WITHDRAW = graphql(`
  mutation WithdrawBadgeClassValidation($id: ID!, $note: String!) {
    withdrawBadgeClassValidation(id: $id, note: $note) {
      id
    }
  }
`);

type Found = CurationPageQuery;

function isUrl(text: string): boolean {
  return /^https?:\/\//.test(text);
}

function Decision({
  id,
  name,
  action,
  onDone,
}: {
  id: string;
  name: string;
  action: "validate" | "withdraw";
  onDone: (message: string) => void;
}) {
  const [note, setNote] = useState("");
  const [elements, setElements] = useState<ElementsDraft>(EMPTY_DRAFT);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const noteId = `note-${action}-${id}`;
  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (!note.trim()) {
      setProblem(t("curation.note.missing"));
      return;
    }
    const wrong = action === "validate" ? notANumber(elements) : null;
    if (wrong) {
      const field = t(wrong === "ectsCredits" ? "microCredential.form.ects" : "microCredential.form.hours");
      setProblem(t("microCredential.form.notNumber", { field }));
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      if (action === "validate") {
        await request(VALIDATE, { id, note, microCredential: draftInput(elements) });
        setElements(EMPTY_DRAFT);
      } else await request(WITHDRAW, { id, note });
      setNote("");
      onDone(t(action === "validate" ? "curation.validated" : "curation.withdrawn", { name }));
    } catch (caught) {
      setProblem(errorText(caught));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <label for={noteId}>
        {t("curation.note")}
        <span class="visually-hidden"> ({name})</span>
      </label>
      <textarea
        id={noteId}
        rows={2}
        value={note}
        aria-invalid={problem ? "true" : undefined}
        aria-describedby={problem ? `${noteId}-problem` : undefined}
        onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
      />
      {action === "validate" && <ElementsFields idPrefix={`eu-${id}`} draft={elements} onChange={setElements} />}
      {problem && (
        <p id={`${noteId}-problem`} role="alert">
          {problem}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t(action === "validate" ? "curation.validate" : "curation.withdraw")}
        <span class="visually-hidden"> ({name})</span>
      </button>
    </form>
  );
}

export function Curation({ id }: { id: string }) {
  const lang = useLocale();
  const me = useMe();
  const [found, setFound] = useState<Found | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function load(): Promise<void> {
    try {
      setFound(await request(CURATION, { universityId: id }));
      setError(null);
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  useEffect(() => {
    if (me) void load();
  }, [me?.id, id]);

  function done(message: string): void {
    setNotice(message);
    void load();
  }

  if (me === null) {
    return (
      <p>
        <a href={`/sign-in?next=/universities/${id}/curation`}>{t("curation.signIn")}</a>
      </p>
    );
  }
  const newest = newestDecisionByClass(found?.curationHistory ?? []);
  // Every class listed gets its own, complete history beside it: the page's history holds
  // only the latest decisions, so a class decided on long ago may have none in it (its
  // validation date then marks its newest decision).
  const history = (classId: string, name: string, validatedAt?: string | null) => (
    <ValidationHistory id={classId} name={name} newest={newest.get(classId) ?? validatedAt ?? ""} />
  );
  return (
    <section class="curation" aria-labelledby="curation-title">
      <h1 id="curation-title">{t("curation.title", { name: found?.university?.name ?? "" })}</h1>
      <p role="status">{notice ?? (found || error ? "" : t("curation.loading"))}</p>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      {found && (
        <>
          <section aria-labelledby="queue-title">
            <h2 id="queue-title">{t("curation.queue")}</h2>
            <p>{t("curation.queue.lead")}</p>
            {found.curationQueue.length === 0 && <p>{t("curation.queue.none")}</p>}
            <ul class="results">
              {found.curationQueue.map((item) => (
                <li key={item.badgeClassId}>
                  <article aria-labelledby={`class-${item.badgeClassId}`}>
                    <h3 id={`class-${item.badgeClassId}`}>{item.badgeClassName}</h3>
                    <dl class="curation-signals">
                      <div>
                        <dt>{t("curation.issued")}</dt>
                        <dd>{item.assertions}</dd>
                      </div>
                      <div>
                        <dt>{t("curation.endorsements")}</dt>
                        <dd>{item.endorsements}</dd>
                      </div>
                      <div>
                        <dt>{t("curation.perBadge")}</dt>
                        <dd>
                          {formatNumber(item.assertions ? item.endorsements / item.assertions : 0, lang)}
                        </dd>
                      </div>
                    </dl>
                    <h4>{t("curation.evidence")}</h4>
                    {item.sharedEvidence.length === 0 ? (
                      <p>{t("curation.evidence.none")}</p>
                    ) : (
                      <ul>
                        {item.sharedEvidence.map((e, i) => (
                          <li key={i}>
                            {isUrl(e) ? (
                              <a href={e} rel="noopener noreferrer nofollow" target="_blank">
                                {e}
                              </a>
                            ) : (
                              e
                            )}
                          </li>
                        ))}
                      </ul>
                    )}
                    <Decision id={item.badgeClassId} name={item.badgeClassName} action="validate" onDone={done} />
                    {history(item.badgeClassId, item.badgeClassName)}
                  </article>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="flags-title">
            <h2 id="flags-title">{t("curation.flags")}</h2>
            <p>{t("curation.flags.lead")}</p>
            {found.endorsementFlags.length === 0 ? (
              <p>{t("curation.flags.none")}</p>
            ) : (
              <ul>
                {found.endorsementFlags.map((f, i) => (
                  <li key={i}>
                    {t(f.kind === "CYCLE" ? "curation.flag.CYCLE" : "curation.flag.RECIPROCAL", {
                      people: f.people.join(f.kind === "CYCLE" ? " → " : t("curation.and")),
                    })}
                  </li>
                ))}
              </ul>
            )}
            <h3>{t("curation.held")}</h3>
            {found.heldEndorsements.length === 0 ? (
              <p>{t("curation.held.none")}</p>
            ) : (
              <ul>
                {found.heldEndorsements.map((h) => (
                  <li key={h.endorsementId}>
                    {t("curation.held.item", {
                      endorser: h.endorserName,
                      learner: h.learnerName,
                      claim: h.claimTitle,
                      date: formatDate(h.createdAt),
                      reason: h.reason,
                    })}
                    <ClearFlag
                      endorsementId={h.endorsementId}
                      onCleared={async () => done(t("curation.held.cleared", { endorser: h.endorserName }))}
                    />
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="official-title">
            <h2 id="official-title">{t("curation.official")}</h2>
            {found.officialBadgeClasses.length === 0 ? (
              <p>{t("curation.official.none")}</p>
            ) : (
              <ul class="results">
                {found.officialBadgeClasses.map((c) => (
                  <li key={c.badgeClassId}>
                    <article aria-labelledby={`official-${c.badgeClassId}`}>
                      <h3 id={`official-${c.badgeClassId}`}>{c.badgeClassName}</h3>
                      <p>
                        {t("curation.official.issuer", { issuer: c.issuerName })}
                        {c.validatedAt && " "}
                        {c.validatedAt &&
                          (c.curatorName
                            ? t("curation.official.since.by", { date: formatDate(c.validatedAt), curator: c.curatorName })
                            : t("curation.official.since", { date: formatDate(c.validatedAt) }))}
                      </p>
                      <Decision id={c.badgeClassId} name={c.badgeClassName} action="withdraw" onDone={done} />
                      {history(c.badgeClassId, c.badgeClassName, c.validatedAt)}
                    </article>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="history-title">
            <h2 id="history-title">{t("curation.history")}</h2>
            {found.curationHistory.length === 0 ? (
              <p>{t("curation.history.none")}</p>
            ) : (
              <div class="curation-scroll" role="region" aria-labelledby="history-title" tabIndex={0}>
                <table class="curation-history">
                  <thead>
                    <tr>
                      <th scope="col">{t("curation.history.when")}</th>
                      <th scope="col">{t("curation.history.class")}</th>
                      <th scope="col">{t("curation.history.action")}</th>
                      <th scope="col">{t("curation.history.note")}</th>
                      <th scope="col">{t("curation.history.curator")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {found.curationHistory.map((e, i) => (
                      <tr key={i}>
                        <td>{formatDate(e.at)}</td>
                        <th scope="row">{e.badgeClassName}</th>
                        <td>{t(e.action === "WITHDRAW" ? "curation.action.WITHDRAW" : "curation.action.VALIDATE")}</td>
                        <td>{e.note}</td>
                        <td>{e.curatorName}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </section>
  );
}
