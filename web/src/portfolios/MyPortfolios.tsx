// /portfolios: the learner's portfolio pages and starting a new one.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import { navigate } from "../core/router";
import { graphql } from "../gql";
import type { MyPortfolioPagesQuery } from "../gql/graphql";
import { useMe } from "../people/session";
import "./portfolios.css";

const MINE = graphql(`
  query MyPortfolioPages {
    myPortfolioPages {
      id
      title
      visibility
      items {
        id
      }
    }
  }
`);

const CREATE = graphql(`
  mutation CreatePortfolioPage($input: PortfolioPageInput!) {
    createPortfolioPage(input: $input) {
      id
    }
  }
`);

type Listed = MyPortfolioPagesQuery["myPortfolioPages"][number];

export function MyPortfolios() {
  useLocale();
  const me = useMe();
  const [pages, setPages] = useState<Listed[] | null>(null);
  const [title, setTitle] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!me) return;
    request(MINE, {})
      .then((data) => setPages(data.myPortfolioPages))
      .catch((caught: unknown) => setProblem(t("error.generic", { message: errorText(caught) })));
  }, [me?.id]);

  async function create(event: Event): Promise<void> {
    event.preventDefault();
    setProblem(null);
    try {
      const data = await request(CREATE, { input: { title, narrative: "", items: [] } });
      navigate(`/portfolios/${data.createPortfolioPage.id}/edit`);
    } catch (caught) {
      setProblem(t("error.generic", { message: errorText(caught) }));
    }
  }

  if (me === null) {
    return (
      <section aria-labelledby="portfolios-title">
        <h1 id="portfolios-title">{t("portfolio.mine.title")}</h1>
        <p>
          <a href="/sign-in?next=/portfolios">{t("portfolio.mine.signIn")}</a>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="portfolios-title">
      <h1 id="portfolios-title">{t("portfolio.mine.title")}</h1>
      <p>{t("portfolio.mine.lead")}</p>
      {problem && <p role="alert">{problem}</p>}
      {pages === null && !problem && <p>{t("portfolio.loading")}</p>}
      {pages?.length === 0 && <p>{t("portfolio.mine.none")}</p>}
      {pages && pages.length > 0 && (
        <ul class="portfolio-list">
          {pages.map((page) => (
            <li key={page.id}>
              <a href={`/portfolios/${page.id}/edit`} aria-label={t("portfolio.mine.edit", { title: page.title })}>
                {page.title}
              </a>{" "}
              — {t(`portfolio.visibility.${page.visibility}`)} · {t("portfolio.mine.items", { count: page.items.length })} ·{" "}
              <a href={`/portfolios/${page.id}`}>{t("portfolio.mine.view")}</a>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(event) => void create(event)}>
        <label for="new-portfolio-title">{t("portfolio.new.title")}</label>
        <input
          id="new-portfolio-title"
          type="text"
          required
          maxLength={120}
          value={title}
          onInput={(event) => setTitle(event.currentTarget.value)}
        />
        <button type="submit">{t("portfolio.new.create")}</button>
      </form>
    </section>
  );
}
