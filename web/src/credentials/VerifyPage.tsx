// /verify: anyone checks a badge, no sign-in needed: a dropped or chosen file (baked PNG or
// SVG, JSON, VC-JWT), pasted JSON or VC-JWT, or an address (/verify?url=… checks it on load,
// as the badge page's "verify this badge" link does). The answer comes first, in one word
// with a mark of its own, then what the credential says and which checks were made.
import { useEffect, useRef, useState } from "preact/hooks";
import { request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { Tier } from "../gql/graphql";
import { TierMark } from "../recognition/TierMark";
import {
  checks,
  type Outcome,
  ownBadgeId,
  type Report,
  tokenIn,
  type Verdict,
  verdictOf,
  verifyFile,
  verifyPasted,
} from "./verify";
import "./verify.css";

const VERIFIED_BADGE = graphql(`
  query VerifiedBadge($id: ID!) {
    assertion(id: $id) {
      id
      learnerName
    }
  }
`);

const VERIFIED_SHARED_BADGE = graphql(`
  query VerifiedSharedBadge($token: String!) {
    sharedAssertion(token: $token) {
      id
      learnerName
    }
  }
`);

const TIERS: readonly string[] = ["SELF_ASSERTED", "COMMUNITY", "OFFICIAL"];

/** The badge page of a credential of ours, when its learner shares it with whoever asks. */
interface OwnBadge {
  href: string;
  learnerName: string;
}

interface Result {
  outcome: Outcome;
  badge: OwnBadge | null;
}

async function ownBadge(report: Report, token: string | null): Promise<OwnBadge | null> {
  const id = ownBadgeId(report.credentialId, window.location.origin);
  if (!id) return null;
  try {
    const found = token
      ? (await request(VERIFIED_SHARED_BADGE, { token })).sharedAssertion
      : (await request(VERIFIED_BADGE, { id })).assertion;
    if (!found || found.id !== id) return null;
    const query = token ? `?token=${encodeURIComponent(token)}` : "";
    return { href: `/badges/${id}${query}`, learnerName: found.learnerName };
  } catch {
    // Not shared (or not found): the verdict stands without its page.
    return null;
  }
}

/** A mark per verdict, so that none depends on colour: a tick, a barred circle, an
 * hourglass, a warning triangle, a question mark, a cross. */
function VerdictMark({ verdict }: { verdict: Verdict }) {
  const common = {
    class: "verdict-mark",
    viewBox: "0 0 32 32",
    width: 40,
    height: 40,
    "aria-hidden": "true" as const,
    focusable: "false" as const,
  };
  const stroke = { fill: "none", stroke: "currentColor", "stroke-width": 3, "stroke-linecap": "round" as const };
  switch (verdict) {
    case "valid":
      return (
        <svg {...common}>
          <circle cx="16" cy="16" r="14" fill="currentColor" />
          <path d="M9 16.5 L14 21.5 L23 11" {...stroke} stroke="#ffffff" />
        </svg>
      );
    case "revoked":
      return (
        <svg {...common}>
          <circle cx="16" cy="16" r="13" {...stroke} />
          <path d="M7 7 L25 25" {...stroke} />
        </svg>
      );
    case "expired":
      return (
        <svg {...common}>
          <path d="M9 4 H23 M9 28 H23 M10 4 C10 12 22 12 22 16 C22 20 10 20 10 28 M22 4 C22 12 10 12 10 16 C10 20 22 20 22 28" {...stroke} />
        </svg>
      );
    case "tampered":
      return (
        <svg {...common}>
          <path d="M16 3 L30 28 H2 Z" fill="currentColor" />
          <path d="M16 11 V19 M16 23.5 V24" {...stroke} stroke="#ffffff" />
        </svg>
      );
    case "unconfirmed":
      return (
        <svg {...common}>
          <circle cx="16" cy="16" r="13" {...stroke} />
          <path d="M11.5 12 C11.5 6.5 20.5 6.5 20.5 12 C20.5 15.5 16 15.5 16 19.5 M16 24 V24.5" {...stroke} />
        </svg>
      );
    default:
      return (
        <svg {...common}>
          <circle cx="16" cy="16" r="13" {...stroke} />
          <path d="M11 11 L21 21 M21 11 L11 21" {...stroke} />
        </svg>
      );
  }
}

function recipientOf(report: Report, badge: OwnBadge | null): string {
  if (badge) return badge.learnerName;
  if (report.recipientType === "emailAddress") return t("verify.recipient.email");
  return report.recipient ?? t("verify.recipient.other");
}

function Details({ report, badge }: { report: Report; badge: OwnBadge | null }) {
  const confirmed = report.proofValid;
  const tier = report.tier && TIERS.includes(report.tier) ? (report.tier as Tier) : null;
  const stated = report.achievementName || report.issuerName || report.issuerId || report.validFrom;
  return (
    <>
      {stated && (
        <section aria-labelledby="verify-details">
          <h3 id="verify-details">{t("verify.details")}</h3>
          {!confirmed && <p class="hint">{t("verify.details.unconfirmed")}</p>}
          <dl>
            {report.achievementName && (
              <>
                <dt>{t("verify.badge")}</dt>
                <dd>{report.achievementName}</dd>
              </>
            )}
            {(report.issuerName || report.issuerId) && (
              <>
                <dt>{t("verify.issuer")}</dt>
                <dd>{report.issuerName ?? report.issuerId}</dd>
              </>
            )}
            {report.euElements && (
              <>
                <dt>{t(report.euElements.microCredential ? "verify.eu.micro" : "verify.eu")}</dt>
                <dd>
                  {[
                    report.euElements.ectsCredits !== null && t("verify.eu.ects", { credits: report.euElements.ectsCredits }),
                    report.euElements.eqfLevel !== null && t("verify.eu.eqf", { level: report.euElements.eqfLevel }),
                  ]
                    .filter(Boolean)
                    .join(" · ") || t("verify.eu.stated")}
                </dd>
              </>
            )}
            <dt>{t("verify.recipient")}</dt>
            <dd>{recipientOf(report, badge)}</dd>
            {report.validFrom && (
              <>
                <dt>{t("verify.issued")}</dt>
                <dd>{formatDate(report.validFrom)}</dd>
              </>
            )}
            <dt>{t("verify.expires")}</dt>
            <dd>{report.validUntil ? formatDate(report.validUntil) : t("verify.expires.never")}</dd>
            {tier && confirmed && (
              <>
                <dt>{t("verify.tier")}</dt>
                <dd>
                  <TierMark tier={tier} />
                </dd>
              </>
            )}
            {report.transparencyLog && confirmed && (
              <>
                <dt>{t("verify.log")}</dt>
                <dd>
                  {report.transparencyLog.treeHeadSignedAt
                    ? t("verify.log.signed", {
                        index: report.transparencyLog.index,
                        signedAt: formatDate(report.transparencyLog.treeHeadSignedAt),
                      })
                    : t("verify.log.unsigned", { index: report.transparencyLog.index })}
                  {!report.transparencyLog.sameAsRecorded && <> {t("verify.log.changed")}</>}
                </dd>
              </>
            )}
          </dl>
          {badge && confirmed && (
            <p>
              <a href={badge.href}>{t("verify.page")}</a>
            </p>
          )}
        </section>
      )}
      <section aria-labelledby="verify-checks">
        <h3 id="verify-checks">{t("verify.checks")}</h3>
        <ul class="checks">
          {checks(report, (iso) => formatDate(iso)).map((check) => (
            <li key={check.key} class={check.ok === true ? "check-ok" : check.ok === false ? "check-bad" : "check-unknown"}>
              <span class="check-mark" aria-hidden="true">
                {check.ok === true ? "✓" : check.ok === false ? "✕" : "?"}
              </span>
              {t(check.key, check.params)}
            </li>
          ))}
        </ul>
      </section>
      <details class="technical">
        <summary>{t("verify.technical")}</summary>
        <dl>
          <dt>{t("verify.technical.proof")}</dt>
          <dd lang="en">{report.proofMessage}</dd>
          <dt>{t("verify.technical.status")}</dt>
          <dd lang="en">
            {report.status}: {report.statusMessage}
          </dd>
          {report.verificationMethod && (
            <>
              <dt>{t("verify.technical.method")}</dt>
              <dd class="code">{report.verificationMethod}</dd>
            </>
          )}
          {report.credentialId && (
            <>
              <dt>{t("verify.technical.id")}</dt>
              <dd class="code">{report.credentialId}</dd>
            </>
          )}
        </dl>
      </details>
    </>
  );
}

function Answer({ result }: { result: Result }) {
  const { outcome } = result;
  const verdict = verdictOf(outcome);
  if (!verdict) {
    const message = outcome.kind === "failed" && outcome.message !== "offline" ? outcome.message : null;
    return <p role="alert">{message ? t("error.generic", { message }) : t("error.offline")}</p>;
  }
  let help = t(`verify.verdict.${verdict}.help`);
  if (outcome.kind === "unreachable") help = t("verify.verdict.unreachable.help", { url: outcome.url });
  if (outcome.kind === "insecure") help = t("verify.verdict.insecure.help");
  if (outcome.kind === "tooLarge") help = t("verify.file.tooLarge");
  const report = outcome.kind === "report" ? outcome.report : null;
  return (
    <article class={`verify-result verdict-${verdict}`} aria-labelledby="verdict">
      <h2 id="verdict" tabIndex={-1}>
        <VerdictMark verdict={verdict} />
        <span class="verdict-word">{t(`verify.verdict.${verdict}`)}</span>
      </h2>
      <p class="verdict-help">{help}</p>
      {report?.verdict === "revoked" && report.statusMessage && (
        <p class="verdict-reason">{t("verify.reason", { reason: report.statusMessage })}</p>
      )}
      {outcome.kind === "refused" && outcome.message && (
        <p class="verdict-reason" lang="en">
          {outcome.message}
        </p>
      )}
      {report && <Details report={report} badge={result.badge} />}
    </article>
  );
}

export function VerifyPage({ url }: { url: string | null }) {
  useLocale();
  const [pasted, setPasted] = useState(url ?? "");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [empty, setEmpty] = useState(false);
  const [over, setOver] = useState(false);
  const answer = useRef<HTMLDivElement>(null);
  const latest = useRef(0);

  /** Runs one check; a later one supersedes it. `announce`: move focus to the verdict, as
   * after a person's own action (not on load, which would surprise). */
  async function run(check: () => Promise<Outcome>, token: string | null, announce: boolean): Promise<void> {
    const mine = ++latest.current;
    setBusy(true);
    setEmpty(false);
    setResult(null);
    const outcome = await check();
    // Kring's own record of the badge (its learner's name, its page) only for a genuine
    // credential: a forged one could name any badge's id.
    const genuine = outcome.kind === "report" && outcome.report.proofValid;
    const badge = genuine ? await ownBadge(outcome.report, token) : null;
    if (mine !== latest.current) return;
    setBusy(false);
    setResult({ outcome, badge });
    if (announce) {
      requestAnimationFrame(() => {
        const heading = answer.current?.querySelector<HTMLElement>("#verdict");
        heading?.focus();
        heading?.scrollIntoView({ block: "start" });
      });
    }
  }

  function checkFile(file: File | undefined): void {
    if (file) void run(() => verifyFile(file), null, true);
  }

  function checkPasted(text: string, announce: boolean): void {
    if (!text.trim()) {
      setEmpty(true);
      return;
    }
    void run(() => verifyPasted(text, window.location.origin), tokenIn(text, window.location.origin), announce);
  }

  useEffect(() => {
    if (!url) return;
    setPasted(url);
    checkPasted(url, false);
  }, [url]);

  return (
    <section class="verify" aria-labelledby="verify-title">
      <h1 id="verify-title">{t("verify.title")}</h1>
      <p>{t("verify.lead")}</p>
      <div
        class={over ? "dropzone over" : "dropzone"}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(event) => {
          event.preventDefault();
          setOver(false);
          checkFile(event.dataTransfer?.files[0]);
        }}
      >
        <h2 id="verify-file">{t("verify.file")}</h2>
        <p id="verify-drop">{t("verify.file.drop")}</p>
        <label>
          {t("verify.file.choose")}
          <input
            type="file"
            aria-describedby="verify-drop"
            accept=".png,.svg,.json,.jsonld,.jwt,.txt,image/png,image/svg+xml,application/json,application/ld+json,text/plain"
            onChange={(event) => {
              const input = event.currentTarget;
              checkFile(input.files?.[0]);
              // Choosing the same file again checks it again.
              input.value = "";
            }}
          />
        </label>
      </div>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          checkPasted(pasted, true);
        }}
      >
        <h2 id="verify-paste">{t("verify.paste")}</h2>
        <label>
          {t("verify.paste.label")}
          <textarea
            value={pasted}
            rows={5}
            spellcheck={false}
            autocomplete="off"
            aria-describedby="verify-paste-hint"
            aria-invalid={empty}
            onInput={(event) => setPasted(event.currentTarget.value)}
          />
        </label>
        <p id="verify-paste-hint" class="hint">
          {t("verify.paste.hint")}
        </p>
        {empty && <p role="alert">{t("verify.empty")}</p>}
        <p>
          <button type="submit" disabled={busy}>
            {t("verify.check")}
          </button>
        </p>
      </form>
      <div ref={answer} aria-live="polite">
        {busy && <p role="status">{t("verify.checking")}</p>}
        {result && <Answer result={result} />}
      </div>
    </section>
  );
}
