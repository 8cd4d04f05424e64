import { formatDate, t } from "../core/i18n";
import type { OpportunityLink } from "./OpportunityLinks";

/** One suggested opportunity and why it is suggested, in words already translated. */
export interface Suggestion {
  opportunity: OpportunityLink;
  reasons: readonly string[];
}

interface SuggestedProps {
  /** The heading's id, which names the section for assistive technology. */
  id: string;
  title: string;
  lead: string;
  loading: string;
  none: string;
  /** undefined while asked for. */
  items: readonly Suggestion[] | undefined;
}

/** A home-page section of opportunities picked for the learner, each with why: "For you"
 * and "Next steps" share it, so both read and look the same. */
export function SuggestedOpportunities({ id, title, lead, loading, none, items }: SuggestedProps) {
  return (
    <section class="suggested" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p class="hint">{lead}</p>
      {items === undefined && <p role="status">{loading}</p>}
      {items?.length === 0 && <p>{none}</p>}
      {items && items.length > 0 && (
        <ol class="results">
          {items.map(({ opportunity, reasons }) => (
            <li key={opportunity.id}>
              <article>
                <h3>
                  <a href={`/opportunities/${opportunity.id}`}>{opportunity.title}</a>
                </h3>
                <p class="meta">
                  {t("opportunity.by", { organisation: opportunity.organisation.name })}
                  {" · "}
                  {t("opportunity.starts", { date: formatDate(opportunity.startsAt) })}
                </p>
                <ul class="reasons">
                  {reasons.map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
              </article>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
