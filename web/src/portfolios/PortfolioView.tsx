// /portfolios/{id}[?token=…]: a portfolio page as its reader may see it. The server already
// left out what a visitor may not see; its learner gets an edit link and every download.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { PortfolioPageQuery } from "../gql/graphql";
import { paragraphs } from "./items";
import "./portfolios.css";

const PAGE = graphql(`
  query PortfolioPage($id: ID!, $token: String) {
    portfolioPage(id: $id, token: $token) {
      id
      title
      narrative
      learnerName
      visibility
      mine
      items {
        kind
        id
        caption
        name
        issuerName
        status
        at
        detail
        url
        visibility
        revocationReason
      }
    }
  }
`);

type Page = NonNullable<PortfolioPageQuery["portfolioPage"]>;
export type Item = Page["items"][number];

export function ItemCard({ item }: { item: Item }) {
  const revoked = item.status === "REVOKED";
  const facts: string[] = [];
  if (item.issuerName) facts.push(t("portfolio.from", { issuer: item.issuerName }));
  if (item.at) facts.push(t("portfolio.on", { date: formatDate(item.at) }));
  return (
    <article class={revoked ? "portfolio-item revoked" : "portfolio-item"}>
      <p class="kind">{t(`portfolio.kind.${item.kind}`)}</p>
      <h3>
        {item.kind === "BADGE" && item.visibility === "PUBLIC" ? (
          <a href={`/badges/${item.id}`}>{item.name}</a>
        ) : (
          item.name
        )}
      </h3>
      {facts.length > 0 && <p class="meta">{facts.join(" · ")}</p>}
      {item.kind === "BADGE" && item.status && item.status !== "ACTIVE" && (
        <p class="item-status">
          <span aria-hidden="true">⚠ </span>
          {t(`portfolio.status.${item.status as "REVOKED" | "EXPIRED"}`)}
          {revoked && item.revocationReason ? ` — ${t("portfolio.reason", { reason: item.revocationReason })}` : ""}
        </p>
      )}
      {item.caption && <p class="caption">{item.caption}</p>}
      {item.detail && <p class="meta detail">{item.detail}</p>}
      {item.url && (
        <p>
          <a href={item.url} rel="noopener noreferrer nofollow">
            {item.url}
          </a>
        </p>
      )}
    </article>
  );
}

export function PortfolioView({ id, token }: { id: string; token: string | null }) {
  const lang = useLocale();
  const [page, setPage] = useState<Page | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    request(PAGE, { id, token })
      .then((data) => setPage(data.portfolioPage ?? null))
      .catch((caught: unknown) => setProblem(t("error.generic", { message: errorText(caught) })));
  }, [id, token]);

  if (problem) return <p role="alert">{problem}</p>;
  if (page === undefined) return <p>{t("portfolio.loading")}</p>;
  if (page === null) {
    return (
      <section aria-labelledby="portfolio-missing">
        <h1 id="portfolio-missing">{t("notFound.title")}</h1>
        <p>{t("portfolio.notFound")}</p>
      </section>
    );
  }
  const secret = token ? `token=${encodeURIComponent(token)}&` : "";
  const hasBadges = page.items.some((i) => i.kind === "BADGE");
  return (
    <article class="portfolio-page" aria-labelledby="portfolio-title">
      <h1 id="portfolio-title">{page.title}</h1>
      <p class="byline">{t("portfolio.by", { name: page.learnerName })}</p>
      <div class="narrative">
        {paragraphs(page.narrative).map((p) => (
          <p>{p}</p>
        ))}
      </div>
      <div class="portfolio-items">
        {page.items.map((item) => (
          <ItemCard key={`${item.kind}:${item.id}`} item={item} />
        ))}
      </div>
      <p class="portfolio-actions">
        <a class="button" href={`/portfolios/${page.id}/page.pdf?${secret}lang=${lang}`} download>
          {t("portfolio.pdf")}
        </a>
        {hasBadges && (
          <a class="button" href={`/portfolios/${page.id}/clr.json${token ? `?token=${encodeURIComponent(token)}` : ""}`} download>
            {t("portfolio.clr")}
          </a>
        )}
        {page.mine && (
          <a class="button" href={`/portfolios/${page.id}/edit`}>
            {t("portfolio.editThis")}
          </a>
        )}
      </p>
    </article>
  );
}
