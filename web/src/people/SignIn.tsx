import { useEffect, useState } from "preact/hooks";
import { config } from "../core/config";
import { t, useLocale } from "../core/i18n";
import { navigate } from "../core/router";
import "./account.css";
import { safeNext } from "./next";
import { type DemoPerson, demoPeople, signIn, signInAsDemo, useMe } from "./session";

export function SignIn({ query }: { query: URLSearchParams }) {
  useLocale();
  const me = useMe();
  const [failure, setFailure] = useState<string | null>(null);
  const [people, setPeople] = useState<DemoPerson[]>([]);
  const next = safeNext(query.get("next"));

  useEffect(() => {
    if (config.development) void demoPeople().then(setPeople);
  }, []);

  async function done(result: Promise<string | null>): Promise<void> {
    const reason = await result;
    if (reason === null) navigate(next);
    else setFailure(reason);
  }

  function onSubmit(event: Event): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    void done(signIn(String(form.get("email")), String(form.get("password"))));
  }

  return (
    <section aria-labelledby="sign-in-title" class="narrow">
      <h1 id="sign-in-title">{t("signIn.title")}</h1>
      {me && <p role="status">{t("signIn.signedInAs", { name: me.name })}</p>}
      <form onSubmit={onSubmit}>
        <label>
          {t("signIn.email")}
          <input name="email" type="email" autoComplete="username" required maxLength={254} />
        </label>
        <label>
          {t("signIn.password")}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit">{t("signIn.submit")}</button>
      </form>
      {failure && <p role="alert">{t("signIn.failed", { reason: failure })}</p>}
      <ul class="auth-links">
        <li>
          <a href="/forgot-password">{t("signIn.forgot")}</a>
        </li>
        <li>
          <a href="/register">{t("signIn.noAccount")}</a>
        </li>
      </ul>
      {config.oidcProviders.map((provider) => (
        <p key={provider}>
          <a class="button" href={`/auth/oidc/${encodeURIComponent(provider)}/login`}>
            {t("signIn.with", { provider })}
          </a>
        </p>
      ))}
      {people.length > 0 && (
        <section aria-labelledby="demo-title">
          <h2 id="demo-title">{t("signIn.demo")}</h2>
          <ul class="people">
            {people.map((person) => (
              <li key={person.email}>
                <button type="button" onClick={() => void done(signInAsDemo(person.email))}>
                  {t("signIn.demoAs", { name: person.name })}
                </button>{" "}
                <span class="meta">{person.roles.join(", ")}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
