import { formatDate, t } from "../core/i18n";
import "./meaning.css";

/** What a compact card needs: the "similar" and "did you mean" lists ask for exactly this. */
export interface OpportunityLink {
  id: string;
  title: string;
  startsAt: string;
  organisation: { name: string };
}

/** Opportunities as a short list of links with who and when: a pointer elsewhere, not results. */
export function OpportunityLinks({ items }: { items: readonly OpportunityLink[] }) {
  return (
    <ul class="opportunity-links">
      {items.map((item) => (
        <li key={item.id}>
          <a href={`/opportunities/${item.id}`}>{item.title}</a>
          <span class="meta">
            {t("opportunity.by", { organisation: item.organisation.name })}
            {" · "}
            {t("opportunity.starts", { date: formatDate(item.startsAt) })}
          </span>
        </li>
      ))}
    </ul>
  );
}
