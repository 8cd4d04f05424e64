// /oauth/authorize: an app asks for access to the learner's record (OAuth 2.0, OB 3.0 API).
// The server checks the request and says who asks, where the answer goes and for what; the
// learner allows or denies, and the browser goes back to the app with the server's answer.
import { useEffect, useState } from "preact/hooks";
import { csrfToken, errorText, refreshSession, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { OauthConsentQuery } from "../gql/graphql";
import { useMe } from "../people/session";
import { scopeWords } from "./scopes";
import "./oauth.css";

const CONSENT = graphql(`
  query OauthConsent($request: String!) {
    oauthConsent(request: $request) {
      clientId
      clientName
      clientUri
      redirectHost
      scopes
    }
  }
`);

type Asked = OauthConsentQuery["oauthConsent"];

interface Decision {
  redirect?: string;
  error?: string;
  error_description?: string;
}

/** The learner's answer, on their session (CSRF-checked), refreshed once if it expired. */
async function decide(search: string, approve: boolean, retried = false): Promise<Decision> {
  const response = await fetch(`/oauth/authorize/decision${search}`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", "x-csrf-token": csrfToken() },
    body: JSON.stringify({ approve }),
  });
  if (response.status === 401 && !retried && (await refreshSession())) {
    return decide(search, approve, true);
  }
  return (await response.json().catch(() => ({}))) as Decision;
}

export function Consent({ search }: { search: string }) {
  useLocale();
  const me = useMe();
  const [asked, setAsked] = useState<Asked | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sending, setSending] = useState(false);
  const query = search.startsWith("?") ? search.slice(1) : search;

  useEffect(() => {
    if (!me) return;
    request(CONSENT, { request: query })
      .then((data) => setAsked(data.oauthConsent))
      .catch((caught: unknown) => setError(errorText(caught)));
  }, [me?.id, query]);

  if (me === undefined) return <p role="status">{t("oauth.loading")}</p>;
  if (me === null) {
    const next = `/oauth/authorize${search}`;
    return (
      <section aria-labelledby="oauth-title" class="oauth">
        <h1 id="oauth-title">{t("oauth.title")}</h1>
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(next)}`}>{t("oauth.signIn")}</a>
        </p>
      </section>
    );
  }

  async function answer(approve: boolean): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const decided = await decide(search, approve);
      if (decided.redirect) {
        setSending(true);
        window.location.assign(decided.redirect);
        return;
      }
      setError(decided.error_description ?? decided.error ?? "?");
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="oauth-title" class="oauth">
      <h1 id="oauth-title">{t("oauth.title")}</h1>
      {!asked && !error && <p role="status">{t("oauth.loading")}</p>}
      {asked && (
        <>
          <p class="oauth-asks">
            <strong>{t("oauth.asks", { client: asked.clientName })}</strong>
          </p>
          <p>{t("oauth.redirect", { host: asked.redirectHost })}</p>
          {asked.clientUri && <p>{t("oauth.site", { url: asked.clientUri })}</p>}
          <h2 id="oauth-scopes">{t("oauth.scopes")}</h2>
          <ul aria-labelledby="oauth-scopes">
            {asked.scopes.map((scope) => (
              <li key={scope}>{scopeWords(scope)}</li>
            ))}
          </ul>
          <p>{t("oauth.later")}</p>
          {sending ? (
            <p role="status">{t("oauth.sending")}</p>
          ) : (
            <div class="row">
              <button type="button" disabled={busy} onClick={() => void answer(true)}>
                {t("oauth.approve")}
              </button>
              <button type="button" disabled={busy} onClick={() => void answer(false)}>
                {t("oauth.deny")}
              </button>
            </div>
          )}
        </>
      )}
      {error && <p role="alert">{t("oauth.invalid", { message: error })}</p>}
    </section>
  );
}
