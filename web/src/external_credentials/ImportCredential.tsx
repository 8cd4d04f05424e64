// /credentials/import: a file, pasted JSON / JWT or an OB 2.0 link is checked by Kring, the
// result shown, and only on the learner's acceptance kept (the server verifies it again).
import { useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { CheckExternalCredentialMutation, ExternalCredentialInput } from "../gql/graphql";
import { useMe } from "../people/session";
import { isGood, knownReason, MAX_FILE_BYTES, toBase64 } from "./present";
import "./external.css";

const CHECK = graphql(`
  mutation CheckExternalCredential($credential: ExternalCredentialInput!) {
    checkExternalCredential(credential: $credential) {
      credentialId
      format
      name
      issuerName
      issuedOn
      status
      message
      canImport
    }
  }
`);

const IMPORT = graphql(`
  mutation ImportExternalCredential($credential: ExternalCredentialInput!) {
    importExternalCredential(credential: $credential) {
      id
      name
      status
    }
  }
`);

type Checked = CheckExternalCredentialMutation["checkExternalCredential"];
type How = "file" | "text" | "url";
const HOWS: How[] = ["file", "text", "url"];

function problemText(caught: unknown): string {
  const reason = caught instanceof ApiError ? knownReason(caught.reason) : null;
  const message = errorText(caught);
  return reason ? `${t(`external.reason.${reason}`)} ${message}` : message;
}

export function ImportCredential() {
  useLocale();
  const me = useMe();
  const [how, setHow] = useState<How>("file");
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState("");
  const [url, setUrl] = useState("");
  const [given, setGiven] = useState<ExternalCredentialInput | null>(null);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [busy, setBusy] = useState<"check" | "import" | null>(null);
  const [imported, setImported] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (me === undefined) return <p role="status">{t("external.checking")}</p>;
  if (me === null) {
    return (
      <section aria-labelledby="external-title">
        <h1 id="external-title">{t("external.title")}</h1>
        <p>
          <a href="/sign-in?next=/credentials/import">{t("external.signIn")}</a>
        </p>
      </section>
    );
  }

  async function input(): Promise<ExternalCredentialInput | null> {
    if (how === "file") {
      if (!file) return null;
      if (file.size > MAX_FILE_BYTES) throw new Error(t("external.file.tooBig"));
      return { fileBase64: toBase64(new Uint8Array(await file.arrayBuffer())) };
    }
    if (how === "text") return text.trim() ? { text: text.trim() } : null;
    return url.trim() ? { url: url.trim() } : null;
  }

  async function check(event: Event): Promise<void> {
    event.preventDefault();
    setError(null);
    setChecked(null);
    setImported(false);
    try {
      const credential = await input();
      if (!credential) {
        setError(t("external.nothing"));
        return;
      }
      setBusy("check");
      const data = await request(CHECK, { credential });
      setGiven(credential);
      setChecked(data.checkExternalCredential);
    } catch (caught) {
      setError(problemText(caught));
    } finally {
      setBusy(null);
    }
  }

  async function accept(): Promise<void> {
    if (!given) return;
    setError(null);
    setBusy("import");
    try {
      await request(IMPORT, { credential: given });
      setImported(true);
    } catch (caught) {
      setError(problemText(caught));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="external-title" class="external-import">
      <h1 id="external-title">{t("external.title")}</h1>
      <p>{t("external.lead")}</p>
      <form onSubmit={(event) => void check(event)} noValidate>
        <fieldset>
          <legend>{t("external.how")}</legend>
          {HOWS.map((choice) => (
            <label class="check" key={choice}>
              <input
                type="radio"
                name="how"
                value={choice}
                checked={how === choice}
                onChange={() => setHow(choice)}
              />
              {t(`external.how.${choice}`)}
            </label>
          ))}
        </fieldset>
        {how === "file" && (
          <label>
            {t("external.file")}
            <input
              type="file"
              accept=".png,.svg,.json,.jwt,image/png,image/svg+xml,application/json"
              aria-describedby="external-file-help"
              onChange={(event) => setFile((event.currentTarget as HTMLInputElement).files?.[0] ?? null)}
            />
            <span class="hint" id="external-file-help">
              {t("external.file.help")}
            </span>
          </label>
        )}
        {how === "text" && (
          <label>
            {t("external.text")}
            <textarea rows={8} value={text} onInput={(event) => setText((event.currentTarget as HTMLTextAreaElement).value)} />
          </label>
        )}
        {how === "url" && (
          <label>
            {t("external.url")}
            <input
              type="url"
              inputMode="url"
              value={url}
              aria-describedby="external-url-help"
              onInput={(event) => setUrl((event.currentTarget as HTMLInputElement).value)}
            />
            <span class="hint" id="external-url-help">
              {t("external.url.help")}
            </span>
          </label>
        )}
        <div class="row">
          <button type="submit" disabled={busy !== null}>
            {busy === "check" ? t("external.checking") : t("external.check")}
          </button>
        </div>
      </form>
      {checked && (
        <section aria-labelledby="external-result" class="external-result">
          <h2 id="external-result">{t("external.result")}</h2>
          <dl>
            <dt>{t("external.name")}</dt>
            <dd>{checked.name}</dd>
            <dt>{t("external.issuer")}</dt>
            <dd>{checked.issuerName}</dd>
            {checked.issuedOn && (
              <>
                <dt>{t("external.issuedOn")}</dt>
                <dd>{formatDate(checked.issuedOn)}</dd>
              </>
            )}
            <dt>{t("external.status")}</dt>
            <dd class={isGood(checked.status) ? "status-good" : "status-bad"}>
              <strong>{t(`external.status.${checked.status}`)}</strong> {checked.message}
            </dd>
          </dl>
          {imported ? (
            <p role="status">
              {t("external.imported")} <a href="/wallet">{t("external.toWallet")}</a>
            </p>
          ) : checked.canImport ? (
            <button type="button" disabled={busy !== null} onClick={() => void accept()}>
              {busy === "import" ? t("external.accepting") : t("external.accept")}
            </button>
          ) : (
            <p>{checked.status === "VALID" || checked.status === "EXPIRED" ? t("external.held") : t("external.cannot")}</p>
          )}
        </section>
      )}
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
    </section>
  );
}
