// /universities/{id}/competencies/import: a university's moderators and curators import a
// 1EdTech CASE package (JSON) as its competency framework. The file is read in the browser,
// compacted, checked against the server's size limits, and sent as the mutation's `package`.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import type { MessageKey } from "../core/messages";
import { graphql } from "../gql";
import type { Domain } from "../gql/graphql";
import { DOMAINS } from "../opportunities/search";
import { useMe } from "../people/session";
import "./competencies.css";
import {
  fileProblem,
  importsFor,
  MAX_PACKAGE_ITEMS,
  MAX_PACKAGE_KB,
  packageProblem,
  packageText,
} from "./framework";

const UNIVERSITY = graphql(`
  query ImportFrameworkUniversity($id: ID!) {
    university(id: $id) {
      id
      name
    }
  }
`);

const IMPORT = graphql(`
  mutation ImportCompetencyFramework($universityId: ID!, $package: String!, $domain: Domain) {
    importCompetencyFramework(universityId: $universityId, package: $package, domain: $domain) {
      id
      name
      competencies {
        id
      }
    }
  }
`);

interface Chosen {
  name: string;
  text: string;
}

export function ImportFramework({ id }: { id: string }) {
  useLocale();
  const me = useMe();
  const [university, setUniversity] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [fileText, setFileText] = useState<{ text: string; problem: boolean } | null>(null);
  const [domain, setDomain] = useState<Domain | "">("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [imported, setImported] = useState<{ name: string; count: number } | null>(null);

  useEffect(() => {
    void request(UNIVERSITY, { id })
      .then((data) => setUniversity(data.university?.name ?? ""))
      .catch(() => setUniversity(""));
  }, [id]);

  async function choose(event: Event): Promise<void> {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    setChosen(null);
    setFileText(null);
    setError(null);
    setImported(null);
    if (!file) return;
    const problem = fileProblem(file);
    if (problem) {
      setFileText({ text: t(problem.key, problem.params), problem: true });
      return;
    }
    const text = packageText(await file.text());
    const tooLarge = packageProblem(text);
    if (tooLarge) {
      setFileText({ text: t(tooLarge.key, tooLarge.params), problem: true });
      return;
    }
    setChosen({ name: file.name, text });
    setFileText({ text: t("framework.import.ready", { name: file.name }), problem: false });
  }

  async function send(event: Event): Promise<void> {
    event.preventDefault();
    if (!chosen) {
      setFileText({ text: t("framework.import.noFile"), problem: true });
      document.getElementById("case-file")?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setImported(null);
    try {
      const framework = (
        await request(IMPORT, { universityId: id, package: chosen.text, domain: domain || null })
      ).importCompetencyFramework;
      setImported({ name: framework.name, count: framework.competencies.length });
    } catch (caught) {
      // The file stays chosen: a default domain or a fixed package is one more try away.
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  const next = `/universities/${id}/competencies/import`;
  if (me === undefined) return <p role="status">{t("framework.import.loading")}</p>;
  if (me === null) {
    return (
      <p>
        <a href={`/sign-in?next=${encodeURIComponent(next)}`}>{t("framework.import.signIn")}</a>
      </p>
    );
  }
  const described = ["case-file-hint", fileText ? "case-file-status" : ""].filter(Boolean).join(" ");
  return (
    <section class="framework-import" aria-labelledby="framework-import-title">
      <h1 id="framework-import-title">
        {university ? t("framework.import.title", { name: university }) : t("framework.import.titlePlain")}
      </h1>
      <p>{t("framework.import.lead")}</p>
      {!importsFor(me.memberships, id) ? (
        <p>{t("framework.import.notYours")}</p>
      ) : (
        <form onSubmit={(event) => void send(event)} noValidate>
          <div class="field">
            <label for="case-file">{t("framework.import.file")}</label>
            <p class="hint" id="case-file-hint">
              {t("framework.import.fileHint", { kb: MAX_PACKAGE_KB, items: MAX_PACKAGE_ITEMS })}
            </p>
            <input
              id="case-file"
              name="package"
              type="file"
              accept="application/json,.json"
              aria-describedby={described}
              aria-invalid={fileText?.problem ? "true" : undefined}
              onChange={(event) => void choose(event)}
            />
            <p id="case-file-status" class={fileText?.problem ? "problem" : "hint"} aria-live="polite">
              {fileText?.text ?? ""}
            </p>
          </div>
          <div class="field">
            <label for="case-domain">{t("framework.import.domain")}</label>
            <p class="hint" id="case-domain-hint">
              {t("framework.import.domainHint")}
            </p>
            <select
              id="case-domain"
              name="domain"
              aria-describedby="case-domain-hint"
              value={domain}
              onChange={(event) => setDomain((event.currentTarget as HTMLSelectElement).value as Domain | "")}
            >
              <option value="">{t("framework.import.noDomain")}</option>
              {DOMAINS.map((d) => (
                <option key={d} value={d}>
                  {t(`domain.${d}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          {error && <p role="alert">{t("framework.import.failed", { message: error })}</p>}
          <button type="submit" disabled={busy}>
            {t(busy ? "framework.import.sending" : "framework.import.send")}
          </button>
        </form>
      )}
      <p role="status">
        {imported ? t("framework.import.done", { name: imported.name, count: imported.count }) : ""}
      </p>
    </section>
  );
}
