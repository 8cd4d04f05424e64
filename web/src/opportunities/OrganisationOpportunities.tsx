// /organisations/{id}/opportunities: an organisation's opportunities grouped by where they are
// in their lifecycle, each leading to its editor and (once published) its applications; its
// admins start a new one here.
import { useEffect, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { OrganisationOpportunitiesQuery, OpportunityStatus } from "../gql/graphql";
import { useMe } from "../people/session";
import "./staff.css";

const LIST = graphql(`
  query OrganisationOpportunities($id: ID!) {
    organisation(id: $id) {
      id
      name
      status
    }
    organisationOpportunities(organisationId: $id) {
      id
      title
      status
      startsAt
      capacity
      freePlaces
    }
    me {
      id
      memberships {
        role
        bodyId
      }
    }
  }
`);

type Data = OrganisationOpportunitiesQuery;
type Listed = Data["organisationOpportunities"][number];

/** The order the groups are shown in: what needs the organisation's work first. */
export const STATUS_ORDER: readonly OpportunityStatus[] = [
  "DRAFT",
  "REJECTED",
  "SUBMITTED",
  "PUBLISHED",
  "CLOSED",
  "ARCHIVED",
];

/** The opportunities by status, in STATUS_ORDER, soonest first; empty groups left out. */
export function byStatus(found: readonly Listed[]): [OpportunityStatus, Listed[]][] {
  return STATUS_ORDER.map((status): [OpportunityStatus, Listed[]] => [
    status,
    found
      .filter((o) => o.status === status)
      .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt)),
  ]).filter(([, group]) => group.length > 0);
}

export function OrganisationOpportunities({ id }: { id: string }) {
  useLocale();
  const me = useMe();
  const [data, setData] = useState<Data | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!me) return;
    request(LIST, { id })
      .then(setData)
      .catch((caught: unknown) => {
        setData(null);
        setError(caught instanceof ApiError && caught.code === "NOT_FOUND" ? null : errorText(caught));
      });
  }, [id, me?.id]);

  if (me === null) {
    return (
      <p>
        <a href={`/sign-in?next=${encodeURIComponent(`/organisations/${id}/opportunities`)}`}>
          {t("oppEdit.signIn")}
        </a>
      </p>
    );
  }
  if (data === undefined) return <p role="status">{t("discover.loading")}</p>;
  const organisation = data?.organisation;
  if (!data || !organisation) return <p role="alert">{error ?? t("oppEdit.noOrganisation")}</p>;
  const roles = (data.me?.memberships ?? []).filter((m) => m.bodyId === organisation.id);
  const admin = roles.some((m) => m.role === "ADMIN");
  const staff = roles.some((m) => m.role === "ADMIN" || m.role === "SUPERVISOR");
  const groups = byStatus(data.organisationOpportunities);

  return (
    <section aria-labelledby="opportunities-title" class="staff-list">
      <h1 id="opportunities-title">{t("oppList.title", { organisation: organisation.name })}</h1>
      {admin && organisation.status === "APPROVED" && (
        <p>
          <a class="button" href={`/organisations/${organisation.id}/opportunities/new`}>
            {t("oppList.new")}
          </a>
        </p>
      )}
      {admin && organisation.status !== "APPROVED" && <p>{t("oppList.notApproved")}</p>}
      {groups.length === 0 && <p>{t("oppList.none")}</p>}
      {groups.map(([status, group]) => (
        <section key={status} aria-labelledby={`group-${status}`}>
          <h2 id={`group-${status}`}>
            {t(`oppStatus.${status}`)} <span class="meta">({group.length})</span>
          </h2>
          <ul class="results">
            {group.map((opportunity) => (
              <li key={opportunity.id}>
                <article>
                  <h3>
                    <a href={`/opportunities/${opportunity.id}/edit`}>{opportunity.title}</a>
                  </h3>
                  <p class="meta">
                    {t("opportunity.starts", { date: formatDate(opportunity.startsAt) })} ·{" "}
                    {t("opportunity.places", {
                      free: opportunity.freePlaces,
                      capacity: opportunity.capacity,
                    })}
                  </p>
                  {staff && (status === "PUBLISHED" || status === "CLOSED") && (
                    <p>
                      <a href={`/opportunities/${opportunity.id}/applications`}>
                        {t("oppList.applicationsOf", { title: opportunity.title })}
                      </a>
                    </p>
                  )}
                </article>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
