// /portfolios/{id}/edit: the learner's editor: title, story, the items in order with their
// captions, what to add from their record, who may see the page, and deleting it.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import { navigate } from "../core/router";
import { graphql } from "../gql";
import type { MyPortfolioEditorQuery, Visibility } from "../gql/graphql";
import { useMe } from "../people/session";
import { addable, type Chosen, key, moved } from "./items";
import "./portfolios.css";

const EDITOR = graphql(`
  query MyPortfolioEditor {
    myPortfolioPages {
      id
      title
      narrative
      visibility
      shareToken
      items {
        kind
        id
        caption
        name
        status
        shownToVisitors
      }
    }
    myPortfolioChoices {
      kind
      id
      name
      status
    }
  }
`);

const UPDATE = graphql(`
  mutation UpdatePortfolioPage($id: ID!, $input: PortfolioPageInput!) {
    updatePortfolioPage(id: $id, input: $input) {
      id
      items {
        kind
        id
        shownToVisitors
      }
    }
  }
`);

const SHARE = graphql(`
  mutation SetPortfolioPageVisibility($id: ID!, $visibility: Visibility!, $rotateLink: Boolean!) {
    setPortfolioPageVisibility(id: $id, visibility: $visibility, rotateLink: $rotateLink) {
      id
      visibility
      shareToken
      items {
        kind
        id
        shownToVisitors
      }
    }
  }
`);

const DELETE = graphql(`
  mutation DeletePortfolioPage($id: ID!) {
    deletePortfolioPage(id: $id)
  }
`);

type Choice = MyPortfolioEditorQuery["myPortfolioChoices"][number];
type Row = Chosen & { name: string; shownToVisitors: boolean | null };
const CHOICES: Visibility[] = ["PRIVATE" as Visibility, "LINK" as Visibility, "PUBLIC" as Visibility];

export function PortfolioEditor({ id }: { id: string }) {
  useLocale();
  const me = useMe();
  const [found, setFound] = useState<boolean | null>(null);
  const [title, setTitle] = useState("");
  const [narrative, setNarrative] = useState("");
  const [rows, setRows] = useState<Row[]>([]);
  const [record, setRecord] = useState<Choice[]>([]);
  const [visibility, setVisibility] = useState<Visibility>("PRIVATE" as Visibility);
  const [secret, setSecret] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    if (!me) return;
    request(EDITOR, {})
      .then((data) => {
        const page = data.myPortfolioPages.find((p) => p.id === id);
        setFound(page !== undefined);
        setRecord(data.myPortfolioChoices);
        if (!page) return;
        setTitle(page.title);
        setNarrative(page.narrative);
        setVisibility(page.visibility);
        setSecret(page.shareToken ?? null);
        setRows(
          page.items.map((i) => ({
            kind: i.kind,
            id: i.id,
            caption: i.caption,
            name: i.name,
            shownToVisitors: i.shownToVisitors,
          })),
        );
      })
      .catch((caught: unknown) => setStatus(t("error.generic", { message: errorText(caught) })));
  }, [me?.id, id]);

  function shownFrom(items: readonly { kind: string; id: string; shownToVisitors: boolean }[]): void {
    const shown = new Map(items.map((i) => [key(i), i.shownToVisitors]));
    setRows((current) => current.map((r) => ({ ...r, shownToVisitors: shown.get(key(r)) ?? null })));
  }

  async function save(event: Event): Promise<void> {
    event.preventDefault();
    setStatus(null);
    try {
      const data = await request(UPDATE, {
        id,
        input: { title, narrative, items: rows.map(({ kind, id: itemId, caption }) => ({ kind, id: itemId, caption })) },
      });
      shownFrom(data.updatePortfolioPage.items);
      setStatus(t("portfolio.edit.saved"));
    } catch (caught) {
      setStatus(t("error.generic", { message: errorText(caught) }));
    }
  }

  async function share(choice: Visibility, rotateLink = false): Promise<void> {
    setStatus(null);
    const before = visibility;
    // Shown chosen at once (a radio that waits for the server looks unclicked), undone on error.
    setVisibility(choice);
    try {
      const data = await request(SHARE, { id, visibility: choice, rotateLink });
      const page = data.setPortfolioPageVisibility;
      setVisibility(page.visibility);
      setSecret(page.shareToken ?? null);
      shownFrom(page.items);
      setStatus(
        rotateLink
          ? t("portfolio.rotated")
          : t("portfolio.visibility.saved", { choice: t(`portfolio.visibility.${page.visibility}`) }),
      );
    } catch (caught) {
      setVisibility(before);
      setStatus(t("error.generic", { message: errorText(caught) }));
    }
  }

  async function remove(): Promise<void> {
    if (!window.confirm(t("portfolio.edit.confirmDelete", { title }))) return;
    try {
      await request(DELETE, { id });
      navigate("/portfolios");
    } catch (caught) {
      setStatus(t("error.generic", { message: errorText(caught) }));
    }
  }

  if (me === null) {
    return (
      <p>
        <a href={`/sign-in?next=/portfolios/${id}/edit`}>{t("portfolio.mine.signIn")}</a>
      </p>
    );
  }
  if (found === null) return <p>{status ?? t("portfolio.loading")}</p>;
  if (!found) {
    return (
      <section aria-labelledby="portfolio-missing">
        <h1 id="portfolio-missing">{t("notFound.title")}</h1>
        <p>{t("portfolio.notFound")}</p>
      </section>
    );
  }
  const link = `${window.location.origin}/portfolios/${id}${visibility === "LINK" && secret ? `?token=${secret}` : ""}`;
  const more = addable(record, rows);
  return (
    <section class="portfolio-editor" aria-labelledby="portfolio-edit-title">
      <p>
        <a href="/portfolios">{t("portfolio.edit.back")}</a>
      </p>
      <h1 id="portfolio-edit-title">{t("portfolio.edit.title")}</h1>
      <p role="status" aria-live="polite">
        {status ?? ""}
      </p>
      <fieldset>
        <legend>{t("portfolio.visibility")}</legend>
        {CHOICES.map((choice) => (
          <label key={choice}>
            <input
              type="radio"
              name="portfolio-visibility"
              value={choice}
              checked={visibility === choice}
              onChange={() => void share(choice)}
            />{" "}
            {t(`portfolio.visibility.${choice}`)}
          </label>
        ))}
        {visibility !== "PRIVATE" && (
          <p>
            {t("portfolio.shareLink")}:{" "}
            <a class="share-link" href={link}>
              {link}
            </a>
          </p>
        )}
        {visibility === "LINK" && (
          <button type="button" onClick={() => void share("LINK" as Visibility, true)}>
            {t("portfolio.rotate")}
          </button>
        )}
      </fieldset>
      <form onSubmit={(event) => void save(event)}>
        <label for="portfolio-title">{t("portfolio.edit.pageTitle")}</label>
        <input
          id="portfolio-title"
          type="text"
          required
          maxLength={120}
          value={title}
          onInput={(event) => setTitle(event.currentTarget.value)}
        />
        <label for="portfolio-narrative">{t("portfolio.edit.narrative")}</label>
        <textarea
          id="portfolio-narrative"
          maxLength={10000}
          aria-describedby="portfolio-narrative-help"
          value={narrative}
          onInput={(event) => setNarrative(event.currentTarget.value)}
        />
        <p id="portfolio-narrative-help" class="hint">
          {t("portfolio.edit.narrativeHelp")}
        </p>
        <h2>{t("portfolio.edit.items")}</h2>
        {rows.length === 0 && <p>{t("portfolio.edit.noItems")}</p>}
        <ol class="portfolio-list">
          {rows.map((row, index) => (
            <li key={key(row)} class="portfolio-item">
              <p class="kind">{t(`portfolio.kind.${row.kind}`)}</p>
              <h3>{row.name}</h3>
              {row.shownToVisitors === false && visibility !== "PRIVATE" && (
                <p class="hidden-note">{t("portfolio.edit.hidden")}</p>
              )}
              <label for={`caption-${index}`}>{t("portfolio.edit.caption", { name: row.name })}</label>
              <input
                id={`caption-${index}`}
                type="text"
                maxLength={280}
                value={row.caption}
                onInput={(event) => {
                  const caption = event.currentTarget.value;
                  setRows((current) => current.map((r, i) => (i === index ? { ...r, caption } : r)));
                }}
              />
              <p class="portfolio-row-actions">
                {index > 0 && (
                  <button type="button" onClick={() => setRows((current) => moved(current, index, -1))}>
                    <span aria-hidden="true">↑ </span>
                    {t("portfolio.edit.up", { name: row.name })}
                  </button>
                )}
                {index < rows.length - 1 && (
                  <button type="button" onClick={() => setRows((current) => moved(current, index, 1))}>
                    <span aria-hidden="true">↓ </span>
                    {t("portfolio.edit.down", { name: row.name })}
                  </button>
                )}
                <button type="button" onClick={() => setRows((current) => current.filter((_, i) => i !== index))}>
                  {t("portfolio.edit.remove", { name: row.name })}
                </button>
              </p>
            </li>
          ))}
        </ol>
        <h2>{t("portfolio.edit.add")}</h2>
        {more.length === 0 && <p>{t("portfolio.edit.nothingToAdd")}</p>}
        <ul class="portfolio-list">
          {more.map((choice) => (
            <li key={key(choice)}>
              <button
                type="button"
                disabled={rows.length >= 50}
                onClick={() =>
                  setRows((current) => [
                    ...current,
                    { kind: choice.kind, id: choice.id, caption: "", name: choice.name, shownToVisitors: null },
                  ])
                }
              >
                {t("portfolio.edit.addItem", { name: choice.name })}
              </button>{" "}
              <span class="meta">{t(`portfolio.kind.${choice.kind}`)}</span>
            </li>
          ))}
        </ul>
        <p class="portfolio-actions">
          <button type="submit">{t("portfolio.edit.save")}</button>
          <a class="button" href={`/portfolios/${id}`}>
            {t("portfolio.mine.view")}
          </a>
        </p>
      </form>
      <p>
        <button type="button" class="danger" onClick={() => void remove()}>
          {t("portfolio.edit.delete")}
        </button>
      </p>
    </section>
  );
}
