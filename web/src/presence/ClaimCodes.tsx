// /badge-classes/{id}/claim-codes: the issuer's staff make claim codes for a badge class (the
// code and its QR shown once, as only a digest is kept), see each with its uses left, and
// revoke them. The codes made in this visit are cards to print (presence.css's print rules):
// printing the page prints only them, one card each, to hand out at an event.
import { useEffect, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { BadgeClassClaimCodesQuery, CreateClaimCodeMutation } from "../gql/graphql";
import { useMe } from "../people/session";
import { groupedClaimCode, svgDataUrl } from "./codes";
import "./presence.css";

const CODES = graphql(`
  query BadgeClassClaimCodes($id: ID!) {
    badgeClass(id: $id) {
      id
      name
      issuer {
        id
        name
      }
    }
    claimCodes(badgeClassId: $id) {
      id
      label
      hint
      maxUses
      usesLeft
      expiresAt
      state
    }
  }
`);

const CREATE = graphql(`
  mutation CreateClaimCode($id: ID!, $maxUses: Int!, $days: Int!, $label: String!) {
    createClaimCode(badgeClassId: $id, maxUses: $maxUses, expiresInDays: $days, label: $label) {
      id
      label
      code
      qrSvg
      redeemUrl
      maxUses
      expiresAt
    }
  }
`);

const REVOKE = graphql(`
  mutation RevokeClaimCode($id: ID!) {
    revokeClaimCode(id: $id) {
      id
      hint
      state
    }
  }
`);

export function ClaimCodes({ id }: { id: string }) {
  useLocale();
  const me = useMe();
  const [data, setData] = useState<BadgeClassClaimCodesQuery | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Newest first; kept only in this page, as the server keeps no code to show again.
  const [made, setMade] = useState<MadeCode[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [label, setLabel] = useState("");
  const [uses, setUses] = useState("1");
  const [days, setDays] = useState("30");

  async function load(): Promise<void> {
    try {
      setData(await request(CODES, { id }));
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.code === "FORBIDDEN" ? t("claimCodes.forbidden") : errorText(caught),
      );
    }
  }

  useEffect(() => {
    if (me) void load();
  }, [id, me?.id]);

  async function create(): Promise<void> {
    setError(null);
    setNotice(null);
    try {
      const answer = await request(CREATE, {
        id,
        label,
        maxUses: Number.parseInt(uses, 10) || 0,
        days: Number.parseInt(days, 10) || 0,
      });
      setMade((before) => [answer.createClaimCode, ...before]);
      await load();
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  async function revoke(codeId: string): Promise<void> {
    setError(null);
    try {
      const answer = await request(REVOKE, { id: codeId });
      setNotice(t("claimCodes.revoked", { hint: answer.revokeClaimCode.hint }));
      // A revoked code is not handed out: its card goes, so it is not printed either.
      setMade((before) => before.filter((m) => m.id !== codeId));
      await load();
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  if (me === null) {
    return (
      <p>
        <a href={`/sign-in?next=${encodeURIComponent(`/badge-classes/${id}/claim-codes`)}`}>
          {t("claimCodes.signIn")}
        </a>
      </p>
    );
  }
  return (
    <section class="claim-codes" aria-labelledby="claim-codes-title">
      <h1 id="claim-codes-title">{t("claimCodes.title", { name: data?.badgeClass?.name ?? "…" })}</h1>
      {data?.badgeClass && (
        <p class="meta">
          <a href={`/issuers/${data.badgeClass.issuer.id}/badge-classes`}>{data.badgeClass.issuer.name}</a>
        </p>
      )}
      <p>{t("claimCodes.lead")}</p>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      <p role="status" class="success">
        {notice}
      </p>
      {made.length > 0 && (
        <section class="made-codes" aria-labelledby="made-codes-title">
          <h2 id="made-codes-title">{t("claimCodes.madeTitle", { count: made.length })}</h2>
          <p role="status">{t("claimCodes.made")}</p>
          <p>
            <button type="button" class="print" onClick={() => window.print()}>
              {t("claimCodes.print")}
            </button>
          </p>
          {made.map((m) => (
            <MadeCard key={m.id} code={m} badgeName={data?.badgeClass?.name ?? ""} />
          ))}
        </section>
      )}
      {data && (
        <>
          <form
            class="claim-code-form"
            onSubmit={(event) => {
              event.preventDefault();
              void create();
            }}
          >
            <label for="claim-code-label">{t("claimCodes.label")}</label>
            <input id="claim-code-label" maxLength={120} value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
            <label for="claim-code-uses">{t("claimCodes.uses")}</label>
            <input
              id="claim-code-uses"
              type="number"
              min={1}
              max={500}
              value={uses}
              onInput={(e) => setUses(e.currentTarget.value)}
            />
            <label for="claim-code-days">{t("claimCodes.days")}</label>
            <input
              id="claim-code-days"
              type="number"
              min={1}
              max={90}
              value={days}
              onInput={(e) => setDays(e.currentTarget.value)}
            />
            <button type="submit">{t("claimCodes.create")}</button>
          </form>
          <h2>{t("claimCodes.list")}</h2>
          {data.claimCodes.length === 0 && <p>{t("claimCodes.none")}</p>}
          <ul class="results">
            {data.claimCodes.map((c) => (
              <li key={c.id}>
                <p>
                  <strong>{c.label || t("claimCodes.ending", { hint: c.hint })}</strong>{" "}
                  <span class="meta">{t("claimCodes.ending", { hint: c.hint })}</span>
                </p>
                <p class="meta">
                  {t(`claimCodes.state.${c.state}`)} · {t("claimCodes.left", { left: c.usesLeft, max: c.maxUses })} ·{" "}
                  {t("claimCodes.expires", { date: formatDate(c.expiresAt) })}
                </p>
                {c.state === "ACTIVE" && (
                  <button type="button" class="secondary" onClick={() => void revoke(c.id)}>
                    {t("claimCodes.revoke", { hint: c.hint })}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

type MadeCode = CreateClaimCodeMutation["createClaimCode"];

/** One code as it is handed out: on screen and, alone with the others made now, on paper. */
function MadeCard({ code, badgeName }: { code: MadeCode; badgeName: string }) {
  if (!code.code) return null;
  return (
    <article class="made-code" aria-label={t("claimCodes.card", { hint: code.code.slice(-4).toUpperCase() })}>
      <p class="made-badge">{badgeName}</p>
      <p class="big-code claim" data-testid="claim-code">
        {groupedClaimCode(code.code)}
      </p>
      {code.qrSvg && <img class="qr" src={svgDataUrl(code.qrSvg)} alt={t("claimCodes.qr")} width={200} height={200} />}
      {code.redeemUrl && <p class="meta break">{t("claimCodes.redeemAt", { url: code.redeemUrl })}</p>}
      <p class="meta">
        {t("claimCodes.uses.made", { max: code.maxUses })} · {t("claimCodes.expires", { date: formatDate(code.expiresAt) })}
        {code.label && <> · {code.label}</>}
      </p>
    </article>
  );
}
