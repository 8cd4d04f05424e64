// /opportunities/{id}/applications: the organisation runs an event. Pending applications are
// accepted, or rejected with a reason; once it started, accepted participants are selected
// (one by one or all, plain checkboxes) and marked completed or no-show in one request, whose
// report says who could not be marked and why; those who asked the viewer to endorse their
// claim are endorsed from the list with the endorser's form.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { OpportunityInboxQuery, ParticipationOutcome } from "../gql/graphql";
import { useMe } from "../people/session";
import { EvidenceList, useClaim } from "../recognition/ClaimParts";
import { EndorseForm } from "../recognition/Endorse";
import { type BulkRequest, bulkRequest, coverage, type Failure, failures, kept, toggled } from "./bulk";
import "./inbox.css";

const INBOX = graphql(`
  query OpportunityInbox($id: ID!) {
    opportunity(id: $id) {
      id
      title
      status
      startsAt
      endsAt
      organisation {
        id
        name
      }
    }
    applicationsForOpportunity(
      opportunityId: $id
      statuses: [PENDING, ACCEPTED, COMPLETED, NO_SHOW, REJECTED]
    ) {
      id
      status
      motivation
      reason
      createdAt
      decidedAt
      learnerId
      learnerName
    }
    endorsableParticipants(opportunityId: $id) {
      applicationId
      learnerName
      claimId
      claimTitle
      claimStatus
      endorsed
    }
  }
`);

const ACCEPT = graphql(`
  mutation AcceptApplication($id: ID!) {
    acceptApplication(id: $id) {
      id
      status
    }
  }
`);

const REJECT = graphql(`
  mutation RejectApplication($id: ID!, $reason: String!) {
    rejectApplication(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

const COMPLETE_MANY = graphql(`
  mutation CompleteApplications($ids: [ID!]!, $outcome: ParticipationOutcome!, $requestId: ID!) {
    completeApplications(ids: $ids, outcome: $outcome, requestId: $requestId) {
      requestId
      completed
      failed
      items {
        applicationId
        ok
        code
        message
      }
    }
  }
`);

type Data = OpportunityInboxQuery;
type Application = Data["applicationsForOpportunity"][number];
type Endorsable = Data["endorsableParticipants"][number];

interface Report {
  outcome: ParticipationOutcome;
  done: number;
  failed: Failure[];
}

export function Inbox({ id }: { id: string }) {
  useLocale();
  const me = useMe();
  const [data, setData] = useState<Data | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load(): Promise<void> {
    try {
      setData(await request(INBOX, { id }));
    } catch (caught) {
      setData((previous) => previous ?? null);
      setError(
        caught instanceof ApiError && caught.code === "FORBIDDEN" ? t("inbox.forbidden") : errorText(caught),
      );
    }
  }

  useEffect(() => {
    if (me) void load();
  }, [id, me?.id]);

  async function act(work: () => Promise<unknown>, done: string): Promise<boolean> {
    setError(null);
    setNotice(null);
    try {
      await work();
      setNotice(done);
      await load();
      return true;
    } catch (caught) {
      setError(errorText(caught));
      return false;
    }
  }

  if (me === null) {
    return (
      <p>
        <a href={`/sign-in?next=${encodeURIComponent(`/opportunities/${id}/applications`)}`}>
          {t("inbox.signIn")}
        </a>
      </p>
    );
  }
  if (data === undefined) return <p role="status">{t("discover.loading")}</p>;
  if (data === null || !data.opportunity) {
    return (
      <section aria-labelledby="inbox-title">
        <h1 id="inbox-title">{t("inbox.heading")}</h1>
        <p role="alert">{error ?? t("opportunity.notFound")}</p>
      </section>
    );
  }
  const opportunity = data.opportunity;
  const applications = data.applicationsForOpportunity;
  const withStatus = (status: Application["status"]) => applications.filter((a) => a.status === status);
  const started = Date.parse(opportunity.startsAt) <= Date.now();
  const endorsable = new Map(data.endorsableParticipants.map((e) => [e.applicationId, e]));

  return (
    <section aria-labelledby="inbox-title" class="inbox">
      <p class="meta">
        <a href={`/opportunities/${opportunity.id}/edit`}>{opportunity.title}</a> ·{" "}
        <a href={`/organisations/${opportunity.organisation.id}/opportunities`}>
          {opportunity.organisation.name}
        </a>
      </p>
      <h1 id="inbox-title">{t("inbox.title", { title: opportunity.title })}</h1>
      <p class="meta">
        {formatDate(opportunity.startsAt)} – {formatDate(opportunity.endsAt)}
      </p>
      {opportunity.status === "PUBLISHED" && (
        <p>
          <a class="button" href={`/opportunities/${opportunity.id}/check-in`}>
            {t("checkIn.screen.open")}
          </a>
        </p>
      )}
      <p role="status" class="success">
        {notice}
      </p>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      <Pending applications={withStatus("PENDING")} me={me?.id ?? ""} act={act} />
      <Participants
        applications={withStatus("ACCEPTED")}
        me={me?.id ?? ""}
        started={started}
        onReported={load}
      />
      <Completed applications={withStatus("COMPLETED")} endorsable={endorsable} reload={load} />
      <Decided
        title="inbox.noShow"
        applications={withStatus("NO_SHOW")}
        empty="inbox.noShow.none"
      />
      <Decided title="inbox.rejected" applications={withStatus("REJECTED")} empty="inbox.rejected.none" />
    </section>
  );
}

function Pending({
  applications,
  me,
  act,
}: {
  applications: Application[];
  me: string;
  act: (work: () => Promise<unknown>, done: string) => Promise<boolean>;
}) {
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  return (
    <section aria-labelledby="pending-title">
      <h2 id="pending-title">
        {t("inbox.pending")} <span class="meta">({applications.length})</span>
      </h2>
      {applications.length === 0 && <p>{t("inbox.pending.none")}</p>}
      <ul class="results">
        {applications.map((application) => (
          <li key={application.id}>
            <article aria-labelledby={`applicant-${application.id}`}>
              <h3 id={`applicant-${application.id}`}>{application.learnerName}</h3>
              <p class="meta">{t("applications.applied", { date: formatDate(application.createdAt) })}</p>
              <blockquote class="description">{application.motivation}</blockquote>
              {application.learnerId === me ? (
                <p class="hint">{t("inbox.own")}</p>
              ) : (
                <div class="row">
                  <button
                    type="button"
                    onClick={() =>
                      void act(
                        () => request(ACCEPT, { id: application.id }),
                        t("inbox.accepted", { name: application.learnerName }),
                      )
                    }
                  >
                    {t("inbox.accept", { name: application.learnerName })}
                  </button>
                  <button
                    type="button"
                    class="secondary"
                    aria-expanded={rejecting === application.id}
                    aria-controls={`reject-${application.id}`}
                    onClick={() => {
                      setReason("");
                      setRejecting(rejecting === application.id ? null : application.id);
                    }}
                  >
                    {t("inbox.reject", { name: application.learnerName })}
                  </button>
                </div>
              )}
              {rejecting === application.id && (
                <form
                  id={`reject-${application.id}`}
                  onSubmit={(event) => {
                    event.preventDefault();
                    void act(
                      () => request(REJECT, { id: application.id, reason: reason.trim() }),
                      t("inbox.rejectedOne", { name: application.learnerName }),
                    ).then((ok) => ok && setRejecting(null));
                  }}
                >
                  <label>
                    {t("inbox.rejectReason", { name: application.learnerName })}
                    <textarea
                      required
                      rows={3}
                      maxLength={2000}
                      value={reason}
                      onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)}
                    />
                  </label>
                  <p class="hint">{t("inbox.rejectReason.hint")}</p>
                  <p>
                    <button type="submit">{t("inbox.rejectConfirm")}</button>
                  </p>
                </form>
              )}
            </article>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Participants({
  applications,
  me,
  started,
  onReported,
}: {
  applications: Application[];
  me: string;
  started: boolean;
  onReported: () => Promise<void>;
}) {
  // Nobody marks their own attendance (the server refuses it too).
  const markable = applications.filter((a) => a.learnerId !== me).map((a) => a.id);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [sending, setSending] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const waiting = useRef<BulkRequest | null>(null);
  const all = useRef<HTMLInputElement>(null);
  const names = new Map(applications.map((a) => [a.id, a.learnerName]));
  const chosen = kept(selected, markable);
  const state = coverage(chosen, markable);

  useEffect(() => {
    if (all.current) all.current.indeterminate = state === "some";
  }, [state]);

  async function mark(outcome: ParticipationOutcome): Promise<void> {
    if (chosen.size === 0) return;
    const sent = bulkRequest(waiting.current, chosen, outcome);
    waiting.current = sent;
    setSending(true);
    setFailure(null);
    try {
      const answer = (
        await request(COMPLETE_MANY, { ids: [...sent.ids], outcome, requestId: sent.requestId })
      ).completeApplications;
      // Answered: a later submission is a new request, even of the same people.
      waiting.current = null;
      setReport({ outcome, done: answer.completed, failed: failures(answer.items, names, "?") });
      setSelected(new Set(answer.items.filter((item) => !item.ok).map((item) => item.applicationId)));
      await onReported();
    } catch (caught) {
      // No answer, or a refusal of the whole request: the same selection retries as itself.
      setFailure(t("inbox.bulk.failed", { reason: errorText(caught) }));
    } finally {
      setSending(false);
    }
  }

  return (
    <section aria-labelledby="participants-title">
      <h2 id="participants-title">
        {t("inbox.participants")} <span class="meta">({applications.length})</span>
      </h2>
      {applications.length === 0 && <p>{t("inbox.participants.none")}</p>}
      {applications.length > 0 && !started && <p class="hint">{t("inbox.notStarted")}</p>}
      {report && <BulkReportView report={report} />}
      {applications.length > 0 && (
        <form
          class="bulk"
          onSubmit={(event) => event.preventDefault()}
          aria-labelledby="participants-title"
        >
          {started && markable.length > 0 && (
            <label class="check select-all">
              <input
                ref={all}
                type="checkbox"
                checked={state === "all"}
                onChange={(e) =>
                  setSelected(new Set((e.currentTarget as HTMLInputElement).checked ? markable : []))
                }
              />
              {t("inbox.selectAll", { count: markable.length })}
            </label>
          )}
          <ul class="participants">
            {applications.map((application) => (
              <li key={application.id}>
                {started && markable.includes(application.id) ? (
                  <label class="check">
                    <input
                      type="checkbox"
                      checked={chosen.has(application.id)}
                      onChange={(e) =>
                        setSelected(
                          toggled(chosen, application.id, (e.currentTarget as HTMLInputElement).checked),
                        )
                      }
                    />
                    {application.learnerName}
                  </label>
                ) : (
                  <span>{application.learnerName}</span>
                )}
                <span class="meta">
                  {" "}
                  · {t("inbox.acceptedOn", { date: formatDate(application.decidedAt ?? application.createdAt) })}
                </span>
              </li>
            ))}
          </ul>
          {started && markable.length > 0 && (
            <>
              <p class="meta" aria-live="polite">
                {t("inbox.selected", { count: chosen.size })}
              </p>
              <div class="row">
                <button
                  type="button"
                  disabled={sending || chosen.size === 0}
                  onClick={() => void mark("COMPLETED")}
                >
                  {t("inbox.markCompleted", { count: chosen.size })}
                </button>
                <button
                  type="button"
                  class="secondary"
                  disabled={sending || chosen.size === 0}
                  onClick={() => void mark("NO_SHOW")}
                >
                  {t("inbox.markNoShow", { count: chosen.size })}
                </button>
              </div>
              {failure && (
                <p role="alert">
                  {failure} {t("inbox.bulk.retry")}
                </p>
              )}
            </>
          )}
        </form>
      )}
    </section>
  );
}

function BulkReportView({ report }: { report: Report }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [report]);
  return (
    <div class={report.failed.length ? "bulk-report has-failures" : "bulk-report"} role="status">
      <h3 tabIndex={-1} ref={heading}>
        {t(report.outcome === "COMPLETED" ? "inbox.report.completed" : "inbox.report.noShow", {
          count: report.done,
        })}
      </h3>
      {report.failed.length > 0 && (
        <>
          <p>{t("inbox.report.failed", { count: report.failed.length })}</p>
          <ul>
            {report.failed.map((item) => (
              <li key={item.applicationId}>
                <strong>{item.name}</strong>: {item.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function Completed({
  applications,
  endorsable,
  reload,
}: {
  applications: Application[];
  endorsable: ReadonlyMap<string, Endorsable>;
  reload: () => Promise<void>;
}) {
  // One form at a time: the endorser's form is written for a page of its own (its ids).
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section aria-labelledby="completed-title">
      <h2 id="completed-title">
        {t("inbox.completed")} <span class="meta">({applications.length})</span>
      </h2>
      {applications.length === 0 && <p>{t("inbox.completed.none")}</p>}
      {endorsable.size > 0 && <p class="hint">{t("inbox.endorse.lead")}</p>}
      <ul class="results">
        {applications.map((application) => {
          const claim = endorsable.get(application.id);
          return (
            <li key={application.id}>
              <article aria-labelledby={`completed-${application.id}`}>
                <h3 id={`completed-${application.id}`}>{application.learnerName}</h3>
                {claim && (
                  <>
                    <p>
                      {t("inbox.claim", { title: claim.claimTitle })}{" "}
                      <span class="meta">({t(`claim.status.${claim.claimStatus}`)})</span>
                    </p>
                    {claim.endorsed ? (
                      <p class="success">
                        <span aria-hidden="true">✓ </span>
                        {t("inbox.endorsed")}
                      </p>
                    ) : (
                      <button
                        type="button"
                        aria-expanded={open === claim.claimId}
                        onClick={() => setOpen(open === claim.claimId ? null : claim.claimId)}
                      >
                        {t("inbox.endorse", { name: application.learnerName })}
                      </button>
                    )}
                    {open === claim.claimId && !claim.endorsed && (
                      <EndorsePanel
                        claimId={claim.claimId}
                        onDone={async () => {
                          setOpen(null);
                          await reload();
                        }}
                      />
                    )}
                  </>
                )}
              </article>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The claim as its endorser reads it (narrative, evidence) and the endorser's form. */
function EndorsePanel({ claimId, onDone }: { claimId: string; onDone: () => Promise<void> }) {
  const me = useMe();
  const { claim, error } = useClaim(claimId, me?.id);
  if (claim === undefined) return <p role="status">{t("discover.loading")}</p>;
  if (!claim) return <p role="alert">{error ?? t("inbox.claimGone")}</p>;
  return (
    <div class="endorse-panel">
      <h4>{t("claim.narrative")}</h4>
      <p class="description">{claim.narrative}</p>
      <h4>{t("badge.evidence")}</h4>
      <EvidenceList evidence={claim.evidence} />
      <EndorseForm claim={claim} onDone={onDone} />
    </div>
  );
}

function Decided({
  title,
  applications,
  empty,
}: {
  title: "inbox.noShow" | "inbox.rejected";
  applications: Application[];
  empty: "inbox.noShow.none" | "inbox.rejected.none";
}) {
  const id = title.replace(".", "-");
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>
        {t(title)} <span class="meta">({applications.length})</span>
      </h2>
      {applications.length === 0 ? (
        <p>{t(empty)}</p>
      ) : (
        <ul class="participants">
          {applications.map((application) => (
            <li key={application.id}>
              {application.learnerName}
              {application.reason && (
                <span class="meta"> — {t("applications.reason", { reason: application.reason })}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
