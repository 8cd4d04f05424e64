// A university's moderators decide: organisations asking to become issuers, and opportunities
// submitted for publication; each approved, or rejected with a reason the applicant reads.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { ModerationQuery } from "../gql/graphql";
import { PUBLISH, REJECT } from "../opportunities/lifecycle";
import { useMe } from "../people/session";
import { ReportedQuests } from "../quests/ReportedQuests";
import "./organisations.css";

const MODERATION = graphql(`
  query Moderation($university: ID!) {
    university(id: $university) {
      id
      name
    }
    organisations(status: PENDING, universityId: $university) {
      id
      name
      description
      website
      contactEmail
      contactPhone
      address
      createdAt
    }
    submittedOpportunities(universityId: $university) {
      id
      title
      synopsis
      startsAt
      endsAt
      address
      organisation {
        id
        name
      }
    }
  }
`);

const APPROVE_ORGANISATION = graphql(`
  mutation ApproveOrganisation($id: ID!) {
    approveOrganisation(id: $id) {
      id
      status
    }
  }
`);

const REJECT_ORGANISATION = graphql(`
  mutation RejectOrganisation($id: ID!, $reason: String!) {
    rejectOrganisation(id: $id, reason: $reason) {
      id
      status
    }
  }
`);


type Queue = ModerationQuery;

export function Moderation({ id }: { id: string }) {
  useLocale();
  const me = useMe();
  const [queue, setQueue] = useState<Queue | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const moderates = (me?.memberships ?? []).some((m) => m.bodyId === id && m.role === "MODERATOR");

  async function load(): Promise<void> {
    try {
      setQueue(await request(MODERATION, { university: id }));
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  useEffect(() => {
    if (moderates) void load();
  }, [id, moderates]);

  async function decide(work: Promise<unknown>, done: string): Promise<boolean> {
    setError(null);
    setNotice(null);
    try {
      await work;
      setNotice(done);
      await load();
      return true;
    } catch (caught) {
      setError(errorText(caught));
      return false;
    }
  }

  if (me === undefined) return <p role="status">{t("org.loading")}</p>;
  if (me === null) {
    return (
      <p>
        <a href={`/sign-in?next=/universities/${id}/moderation`}>{t("moderation.signIn")}</a>
      </p>
    );
  }
  if (!moderates) {
    return (
      <section aria-labelledby="moderation-title">
        <h1 id="moderation-title">{t("moderation.title")}</h1>
        <p>{t("moderation.notModerator")}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="moderation-title" class="moderation">
      <h1 id="moderation-title">
        {queue?.university ? t("moderation.titleOf", { university: queue.university.name }) : t("moderation.title")}
      </h1>
      <p role="status">{notice ?? (queue === null && !error ? t("org.loading") : "")}</p>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      <section aria-labelledby="pending-organisations">
        <h2 id="pending-organisations">{t("moderation.organisations")}</h2>
        {queue && queue.organisations.length === 0 && <p>{t("moderation.noOrganisations")}</p>}
        <ul class="results">
          {queue?.organisations.map((organisation) => (
            <li key={organisation.id}>
              <article aria-labelledby={`org-${organisation.id}`}>
                <h3 id={`org-${organisation.id}`}>
                  <a href={`/organisations/${organisation.id}`}>{organisation.name}</a>
                </h3>
                {organisation.createdAt && (
                  <p class="meta">{t("moderation.applied", { date: formatDate(organisation.createdAt) })}</p>
                )}
                <p class="description">{organisation.description}</p>
                <p class="meta">
                  {organisation.address}
                  {organisation.contactEmail && ` · ${organisation.contactEmail}`}
                  {organisation.contactPhone && ` · ${organisation.contactPhone}`}
                  {organisation.website && ` · ${organisation.website}`}
                </p>
                <Decision
                  id={`org-decision-${organisation.id}`}
                  name={organisation.name}
                  approveLabel={t("moderation.approve")}
                  onApprove={() =>
                    decide(
                      request(APPROVE_ORGANISATION, { id: organisation.id }),
                      t("moderation.approved", { name: organisation.name }),
                    )
                  }
                  onReject={(reason) =>
                    decide(
                      request(REJECT_ORGANISATION, { id: organisation.id, reason }),
                      t("moderation.rejected", { name: organisation.name }),
                    )
                  }
                />
              </article>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="submitted-opportunities">
        <h2 id="submitted-opportunities">{t("moderation.opportunities")}</h2>
        {queue && queue.submittedOpportunities.length === 0 && <p>{t("moderation.noOpportunities")}</p>}
        <ul class="results">
          {queue?.submittedOpportunities.map((opportunity) => (
            <li key={opportunity.id}>
              <article aria-labelledby={`opp-${opportunity.id}`}>
                <h3 id={`opp-${opportunity.id}`}>
                  <a href={`/opportunities/${opportunity.id}`}>{opportunity.title}</a>
                </h3>
                <p class="meta">
                  {opportunity.organisation.name} · {formatDate(opportunity.startsAt)} –{" "}
                  {formatDate(opportunity.endsAt)} · {opportunity.address}
                </p>
                <p>{opportunity.synopsis}</p>
                <Decision
                  id={`opp-decision-${opportunity.id}`}
                  name={opportunity.title}
                  approveLabel={t("moderation.publish")}
                  onApprove={() =>
                    decide(
                      request(PUBLISH, { id: opportunity.id }),
                      t("moderation.published", { name: opportunity.title }),
                    )
                  }
                  onReject={(reason) =>
                    decide(
                      request(REJECT, { id: opportunity.id, reason }),
                      t("moderation.rejected", { name: opportunity.title }),
                    )
                  }
                />
              </article>
            </li>
          ))}
        </ul>
      </section>
      <ReportedQuests universityId={id} />
    </section>
  );
}

/** Approve at once, or reject with a reason (required: the applicant reads it). */
function Decision({
  id,
  name,
  approveLabel,
  onApprove,
  onReject,
}: {
  id: string;
  name: string;
  approveLabel: string;
  onApprove: () => Promise<boolean>;
  onReject: (reason: string) => Promise<boolean>;
}) {
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState(false);
  const [busy, setBusy] = useState(false);

  async function run(work: () => Promise<boolean>): Promise<void> {
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  }

  function reject(): void {
    if (!reason.trim()) {
      setProblem(true);
      document.getElementById(`${id}-reason`)?.focus();
      return;
    }
    void run(() => onReject(reason.trim()));
  }

  return (
    <div class="decision">
      <div class="field">
        <label for={`${id}-reason`}>{t("moderation.reason")}</label>
        <textarea
          id={`${id}-reason`}
          rows={2}
          value={reason}
          aria-invalid={problem ? "true" : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          onInput={(event) => {
            setReason((event.currentTarget as HTMLTextAreaElement).value);
            setProblem(false);
          }}
        />
        {problem && (
          <p class="problem" id={`${id}-problem`}>
            {t("moderation.reasonNeeded")}
          </p>
        )}
      </div>
      <div class="row">
        <button
          type="button"
          disabled={busy}
          aria-label={`${approveLabel}: ${name}`}
          onClick={() => void run(onApprove)}
        >
          {approveLabel}
        </button>
        <button
          type="button"
          class="danger"
          disabled={busy}
          aria-label={`${t("moderation.reject")}: ${name}`}
          onClick={reject}
        >
          {t("moderation.reject")}
        </button>
      </div>
    </div>
  );
}
