// The wallet's "From elsewhere": imported credentials, marked external, with their issuer,
// result and last check, and a way to remove one.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { MyExternalCredentialsQuery } from "../gql/graphql";
import { isGood } from "./present";
import "./external.css";

const MINE = graphql(`
  query MyExternalCredentials {
    myExternalCredentials {
      id
      name
      issuerName
      status
      message
      verifiedAt
      mappedTo
    }
  }
`);

const REMOVE = graphql(`
  mutation RemoveExternalCredential($id: ID!) {
    removeExternalCredential(id: $id)
  }
`);

type Item = MyExternalCredentialsQuery["myExternalCredentials"][number];

export function ExternalList() {
  useLocale();
  const [items, setItems] = useState<Item[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    request(MINE, {})
      .then((data) => setItems(data.myExternalCredentials))
      .catch((caught: unknown) => setError(errorText(caught)));
  }, []);

  async function remove(item: Item): Promise<void> {
    setError(null);
    setDone(null);
    try {
      await request(REMOVE, { id: item.id });
      setItems((all) => (all ?? []).filter((x) => x.id !== item.id));
      setDone(t("external.wallet.removed"));
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  return (
    <section aria-labelledby="external-wallet-title" class="external-wallet">
      <h2 id="external-wallet-title">{t("external.wallet.title")}</h2>
      <p>
        <a href="/credentials/import">{t("external.wallet.import")}</a>
      </p>
      {items !== null && items.length === 0 && <p>{t("external.wallet.none")}</p>}
      <ul class="wallet-list">
        {(items ?? []).map((item) => (
          <li key={item.id}>
            <article class="wallet-item external-item" aria-labelledby={`external-${item.id}`}>
              <h3 id={`external-${item.id}`}>
                {item.name} <span class="external-mark">{t("external.wallet.mark")}</span>
              </h3>
              <p class="meta">{t("external.wallet.issuer", { issuer: item.issuerName })}</p>
              <p class={isGood(item.status) ? "status-good" : "status-bad"}>
                <strong>{t(`external.status.${item.status}`)}</strong>
              </p>
              <p class="meta">{t("external.wallet.checked", { date: formatDate(item.verifiedAt) })}</p>
              {item.mappedTo.length > 0 && (
                <p class="meta">{t("external.wallet.mapped", { classes: item.mappedTo.join(", ") })}</p>
              )}
              <button type="button" onClick={() => void remove(item)}>
                {t("external.wallet.remove")}
                <span class="visually-hidden"> {item.name}</span>
              </button>
            </article>
          </li>
        ))}
      </ul>
      <p role="status" class="meta">
        {done}
      </p>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
    </section>
  );
}
