import { useEffect, useState } from "preact/hooks";
import { request } from "../core/api";
import { t } from "../core/i18n";
import { graphql } from "../gql";
import type { SimilarOpportunitiesQuery } from "../gql/graphql";
import { OpportunityLinks } from "./OpportunityLinks";

const SIMILAR = graphql(`
  query SimilarOpportunities($id: ID!) {
    similarOpportunities(opportunityId: $id, first: 4) {
      id
      title
      startsAt
      organisation {
        name
      }
    }
  }
`);

type Similar = SimilarOpportunitiesQuery["similarOpportunities"];

/** Opportunities about the same thing, asked for once the page itself is shown; shown only
 * when there are any. */
export function SimilarOpportunities({ id }: { id: string }) {
  const [similar, setSimilar] = useState<Similar>([]);

  useEffect(() => {
    let current = true;
    request(SIMILAR, { id })
      .then((data) => {
        if (current) setSimilar(data.similarOpportunities);
      })
      // A suggestion, not the page: if it cannot be had, the page simply goes without it.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [id]);

  if (similar.length === 0) return null;
  return (
    <section aria-labelledby="similar-title" class="similar">
      <h2 id="similar-title">{t("opportunity.similar")}</h2>
      <OpportunityLinks items={similar} />
    </section>
  );
}
