import { useEffect, useState } from "preact/hooks";
import { ApiError, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { OpportunityQuery } from "../gql/graphql";
import { useMe } from "../people/session";
import { OpportunityMap } from "./OpportunityMap";
import { SimilarOpportunities } from "./SimilarOpportunities";

const OPPORTUNITY = graphql(`
  query Opportunity($id: ID!) {
    opportunity(id: $id) {
      id
      title
      synopsis
      description
      startsAt
      endsAt
      capacity
      freePlaces
      address
      location {
        latitude
        longitude
      }
      domain
      level
      organisation {
        name
        website
      }
      badgeClass {
        name
        criteria
        brandUniversity
        officiallyValidated
        imageUrl
        alignments {
          framework
          code
          name
          url
        }
      }
    }
  }
`);

const APPLY = graphql(`
  mutation Apply($opportunityId: ID!, $motivation: String!) {
    applyToOpportunity(opportunityId: $opportunityId, motivation: $motivation) {
      id
      status
    }
  }
`);

type Found = NonNullable<OpportunityQuery["opportunity"]>;

export function OpportunityPage({ id }: { id: string }) {
  useLocale();
  const me = useMe();
  const [found, setFound] = useState<Found | null | undefined>(undefined);
  const [applied, setApplied] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    request(OPPORTUNITY, { id })
      .then((data) => setFound(data.opportunity ?? null))
      .catch((caught: unknown) => {
        setFound(null);
        if (caught instanceof ApiError && caught.code !== "NOT_FOUND") setError(caught.message);
      });
  }, [id, me?.id]);

  async function apply(event: Event): Promise<void> {
    event.preventDefault();
    const motivation = String(new FormData(event.currentTarget as HTMLFormElement).get("motivation"));
    setError(null);
    try {
      await request(APPLY, { opportunityId: id, motivation });
      setApplied(true);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  if (found === undefined) return <p role="status">{t("discover.loading")}</p>;
  if (found === null) return <p role="alert">{error ?? t("opportunity.notFound")}</p>;
  const badge = found.badgeClass;
  const place = { id: found.id, title: found.title, ...found.location };
  return (
    <>
      <article aria-labelledby="opportunity-title">
        <h1 id="opportunity-title">{found.title}</h1>
        <p class="meta">{t("opportunity.by", { organisation: found.organisation.name })}</p>
        <p>{found.synopsis}</p>
        <dl>
          <dt>{t("opportunity.when")}</dt>
          <dd>
            {formatDate(found.startsAt)} – {formatDate(found.endsAt)}
          </dd>
          <dt>{t("opportunity.where")}</dt>
          <dd>
            {found.address}{" "}
            <a
              href={`https://www.openstreetmap.org/?mlat=${found.location.latitude}&mlon=${found.location.longitude}#map=17/${found.location.latitude}/${found.location.longitude}`}
              rel="noopener"
            >
              {t("opportunity.directions")}
            </a>
          </dd>
          <dt>{t("discover.domain")}</dt>
          <dd>
            {t(`domain.${found.domain}`)} · {t(`level.${found.level}`)}
          </dd>
        </dl>
        <p>{t("opportunity.places", { free: found.freePlaces, capacity: found.capacity })}</p>
        <p class="description">{found.description}</p>
        <div class="place-map">
          <OpportunityMap places={[place]} label={t("opportunity.mapOf", { title: found.title })} />
        </div>
        {badge && (
          <section aria-labelledby="badge-title" class="badge">
            <img src={badge.imageUrl} alt="" width={96} height={96} />
            <div>
              <h2 id="badge-title">
                {t("opportunity.badge")}: {badge.name}
              </h2>
              <p class={badge.officiallyValidated ? "tier official" : "tier community"}>
                {t(badge.officiallyValidated ? "opportunity.tier.official" : "opportunity.tier.community", {
                  university: badge.brandUniversity,
                })}
              </p>
              <h3>{t("opportunity.criteria")}</h3>
              <p>{badge.criteria}</p>
              {badge.alignments.length > 0 && (
                <>
                  <h3>{t("opportunity.competencies")}</h3>
                  <ul class="competencies">
                    {badge.alignments.map((a) => (
                      <li key={`${a.framework}|${a.code}`}>
                        {a.url ? <a href={a.url}>{a.name}</a> : a.name}{" "}
                        <span class="meta">({a.framework})</span>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </div>
          </section>
        )}
        {applied ? (
          <p role="status">{t("opportunity.applied")}</p>
        ) : me ? (
          <form onSubmit={(event) => void apply(event)}>
            <label>
              {t("opportunity.motivation")}
              <textarea name="motivation" required maxLength={2000} rows={4} />
            </label>
            <button type="submit">{t("opportunity.apply")}</button>
          </form>
        ) : (
          <p>
            <a href={`/sign-in?next=/opportunities/${found.id}`}>{t("opportunity.signInToApply")}</a>
          </p>
        )}
        {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      </article>
      {/* Mounted once the page's content is shown, so its request never delays it; keyed so
          another opportunity's page starts without this one's list. */}
      <SimilarOpportunities id={found.id} key={found.id} />
    </>
  );
}
