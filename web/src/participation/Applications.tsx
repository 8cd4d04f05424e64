import { useEffect, useState } from "preact/hooks";
import { request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { MyApplicationsQuery } from "../gql/graphql";
import { useMe } from "../people/session";

const MY_APPLICATIONS = graphql(`
  query MyApplications {
    myApplications {
      id
      status
      reason
      createdAt
      opportunityId
      opportunityTitle
    }
  }
`);

const WITHDRAW = graphql(`
  mutation WithdrawApplication($id: ID!) {
    withdrawApplication(id: $id) {
      id
      status
    }
  }
`);

const CLAIM = graphql(`
  mutation ClaimParticipation($applicationId: ID!) {
    claimParticipation(applicationId: $applicationId) {
      id
    }
  }
`);

type Application = MyApplicationsQuery["myApplications"][number];

/** Withdrawing is possible while the organisation has not decided or the learner is in. */
export function canWithdraw(status: Application["status"]): boolean {
  return status === "PENDING" || status === "ACCEPTED";
}

export function Applications() {
  useLocale();
  const me = useMe();
  const [found, setFound] = useState<Application[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load(): Promise<void> {
    try {
      setFound((await request(MY_APPLICATIONS, {})).myApplications);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  useEffect(() => {
    if (me) void load();
  }, [me?.id]);

  async function act(work: Promise<unknown>, done: string): Promise<void> {
    setError(null);
    try {
      await work;
      setNotice(done);
      await load();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  if (me === null) {
    return (
      <p>
        <a href="/sign-in?next=/applications">{t("applications.signIn")}</a>
      </p>
    );
  }
  return (
    <section aria-labelledby="applications-title">
      <h1 id="applications-title">{t("applications.title")}</h1>
      <p role="status">{notice ?? (found === null ? t("discover.loading") : "")}</p>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      {found && found.length === 0 && (
        <p>
          {t("applications.none")} <a href="/discover">{t("applications.find")}</a>
        </p>
      )}
      <ul class="results">
        {found?.map((application) => (
          <li key={application.id}>
            <article>
              <h2>
                <a href={`/opportunities/${application.opportunityId}`}>
                  {application.opportunityTitle}
                </a>
              </h2>
              <p class="meta">
                {t(`status.${application.status}`)} ·{" "}
                {t("applications.applied", { date: formatDate(application.createdAt) })}
              </p>
              {application.reason && (
                <p>{t("applications.reason", { reason: application.reason })}</p>
              )}
              {canWithdraw(application.status) && (
                <button
                  type="button"
                  onClick={() =>
                    void act(
                      request(WITHDRAW, { id: application.id }),
                      t("applications.withdrawn", { title: application.opportunityTitle }),
                    )
                  }
                >
                  {t("applications.withdraw")}
                </button>
              )}
              {application.status === "COMPLETED" && (
                <button
                  type="button"
                  onClick={() =>
                    void act(
                      request(CLAIM, { applicationId: application.id }),
                      t("applications.claimed"),
                    )
                  }
                >
                  {t("applications.claim")}
                </button>
              )}
            </article>
          </li>
        ))}
      </ul>
    </section>
  );
}
