// /account: the signed-in person's own account: their public profile, signing out on every
// device, downloading all their data and their badges (CLR 2.0), and deleting the account.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { AccountBadgeIdsQuery } from "../gql/graphql";
import { confirmsEmail, downloadName, EMAIL_MAX } from "./account";
import "./account.css";
import { reasonOf } from "./forms";
import { forgetSession, type Me, signOutEverywhere, useMe } from "./session";

const EXPORT_DATA = graphql(`
  query AccountExportData {
    exportMyData
  }
`);

const BADGE_IDS = graphql(`
  query AccountBadgeIds($first: Int!, $after: String) {
    myAssertions(first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
        }
      }
    }
  }
`);

const EXPORT_CLR = graphql(`
  query AccountExportClr($ids: [ID!]!) {
    exportClr(assertionIds: $ids)
  }
`);

const DELETE_ACCOUNT = graphql(`
  mutation AccountDelete($confirmEmail: String!) {
    deleteMyAccount(confirmEmail: $confirmEmail)
  }
`);

// One CLR holds at most this many badges (badges/clr.py MAX_CREDENTIALS); a page of
// myAssertions at most 100, newest first.
const CLR_MAX = 100;


/** Hands `data` to the browser as a JSON file download. */
function saveJson(data: unknown, file: string): void {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = file;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Long enough for the browser to have started reading it.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function newestBadgeIds(limit: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  while (ids.length < limit) {
    const data: AccountBadgeIdsQuery = await request(BADGE_IDS, { first: Math.min(100, limit - ids.length), after });
    ids.push(...data.myAssertions.edges.map((edge) => edge.node.id));
    const page = data.myAssertions.pageInfo;
    if (!page.hasNextPage || !page.endCursor) break;
    after = page.endCursor;
  }
  return ids.slice(0, limit);
}

type Ended = "everywhere" | "deleted" | null;

export function Account() {
  useLocale();
  const me = useMe();
  // Why this page shows nobody signed in: the person just ended it here.
  const [ended, setEnded] = useState<Ended>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (ended) heading.current?.focus();
  }, [ended]);

  if (me === undefined) return <p role="status">{t("account.loading")}</p>;
  if (me === null || ended) {
    if (ended === "deleted") {
      return (
        <section aria-labelledby="account-title" class="narrow">
          <h1 id="account-title" tabIndex={-1} ref={heading}>
            {t("account.deleted.title")}
          </h1>
          <p role="status">{t("account.deleted.body")}</p>
          <p>
            <a href="/">{t("account.home")}</a>
          </p>
        </section>
      );
    }
    return (
      <section aria-labelledby="account-title" class="narrow">
        <h1 id="account-title" tabIndex={-1} ref={heading}>
          {t("account.title")}
        </h1>
        {ended === "everywhere" && <p role="status">{t("account.everywhere.done")}</p>}
        <p>
          <a href="/sign-in?next=/account">{t("account.signIn")}</a>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="account-title" class="account">
      <h1 id="account-title">{t("account.title")}</h1>
      <p>{t("account.signedInAs", { name: me.name, email: me.email })}</p>
      <section aria-labelledby="account-profile">
        <h2 id="account-profile">{t("account.profile.title")}</h2>
        <p>{t("account.profile.lead")}</p>
        <p>
          <a href={`/people/${me.id}`}>{t("account.profile.link")}</a>
        </p>
        <p>
          <a href="/connected-apps">{t("apps.link")}</a>
        </p>
      </section>
      <SignOutEverywhere onDone={() => setEnded("everywhere")} />
      <Export me={me} />
      <DeleteAccount me={me} onDone={() => setEnded("deleted")} />
    </section>
  );
}

function SignOutEverywhere({ onDone }: { onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function run(): Promise<void> {
    setBusy(true);
    setFailure(null);
    const answer = await signOutEverywhere();
    setBusy(false);
    if (answer.ok) onDone();
    else setFailure(reasonOf(answer));
  }

  return (
    <section aria-labelledby="account-everywhere">
      <h2 id="account-everywhere">{t("account.everywhere.title")}</h2>
      <p>{t("account.everywhere.lead")}</p>
      <p>
        <button type="button" disabled={busy} onClick={() => void run()}>
          {t("account.everywhere.button")}
        </button>
      </p>
      {failure && <p role="alert">{t("account.everywhere.failed", { reason: failure })}</p>}
    </section>
  );
}

function Export({ me }: { me: Me }) {
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function run(work: () => Promise<string>): Promise<void> {
    setBusy(true);
    setFailure(null);
    setNote(t("account.export.busy"));
    try {
      setNote(await work());
    } catch (caught) {
      setNote(null);
      setFailure(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  async function allData(): Promise<string> {
    const data = await request(EXPORT_DATA, {});
    const file = downloadName("my-data", me.name, new Date());
    saveJson(data.exportMyData, file);
    return t("account.export.ready", { file });
  }

  async function clr(): Promise<string> {
    // One more than fits tells whether some were left out.
    const ids = await newestBadgeIds(CLR_MAX + 1);
    if (ids.length === 0) return t("account.export.noBadges");
    const data = await request(EXPORT_CLR, { ids: ids.slice(0, CLR_MAX) });
    const file = downloadName("badges-clr", me.name, new Date());
    saveJson(data.exportClr, file);
    return ids.length > CLR_MAX
      ? t("account.export.readyCapped", { file, count: CLR_MAX })
      : t("account.export.ready", { file });
  }

  return (
    <section aria-labelledby="account-export">
      <h2 id="account-export">{t("account.export.title")}</h2>
      <p>{t("account.export.lead")}</p>
      <div class="row">
        <button type="button" disabled={busy} onClick={() => void run(allData)}>
          {t("account.export.data")}
        </button>
        <button type="button" disabled={busy} onClick={() => void run(clr)}>
          {t("account.export.clr")}
        </button>
      </div>
      <p role="status" class="meta">
        {note}
      </p>
      {failure && <p role="alert">{t("account.export.failed", { reason: failure })}</p>}
    </section>
  );
}

function DeleteAccount({ me, onDone }: { me: Me; onDone: () => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    const typed = String(new FormData(event.currentTarget as HTMLFormElement).get("confirm"));
    setFailure(null);
    if (!confirmsEmail(typed, me.email)) {
      setProblem(t("account.delete.mismatch"));
      document.getElementById("delete-confirm")?.focus();
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      await request(DELETE_ACCOUNT, { confirmEmail: typed.trim() });
      // The server ended every session; this browser forgets its cookies too.
      await forgetSession();
      onDone();
    } catch (caught) {
      setFailure(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="account-delete" class="danger-zone">
      <h2 id="account-delete">{t("account.delete.title")}</h2>
      <p>{t("account.delete.lead")}</p>
      <ul>
        <li>{t("account.delete.gone")}</li>
        <li>{t("account.delete.badges")}</li>
        <li>{t("account.delete.endorsements")}</li>
        <li>{t("account.delete.sessions")}</li>
        <li>{t("account.delete.admin")}</li>
      </ul>
      <form onSubmit={(event) => void onSubmit(event)}>
        <div class="field">
          <label for="delete-confirm">{t("account.delete.confirm", { email: me.email })}</label>
          <input
            id="delete-confirm"
            name="confirm"
            type="email"
            autoComplete="off"
            required
            maxLength={EMAIL_MAX}
            aria-invalid={problem ? "true" : undefined}
            aria-describedby={problem ? "delete-confirm-problem" : undefined}
            onInput={() => setProblem(null)}
          />
          {problem && (
            <p class="problem" id="delete-confirm-problem">
              {problem}
            </p>
          )}
        </div>
        <p>
          <button type="submit" class="danger" disabled={busy}>
            {busy ? t("account.delete.busy") : t("account.delete.button")}
          </button>
        </p>
      </form>
      {failure && <p role="alert">{t("account.delete.failed", { reason: failure })}</p>}
    </section>
  );
}
