// /badge-classes/{id}/claim-codes: the issuer's staff make claim codes for a badge class (the
// code and its QR shown once, as only a digest is kept), see each with its uses left, and
// revoke them.
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
      code
      qrSvg
      redeemUrl
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
  const [made, setMade] = useState<CreateClaimCodeMutation["createClaimCode"] | null>(null);
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
      setMade(answer.createClaimCode);
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
      {made?.code && (
        <div class="made-code" role="status">
          <p>{t("claimCodes.made")}</p>
          <p class="big-code claim" data-testid="claim-code">
            {groupedClaimCode(made.code)}
          </p>
          {made.qrSvg && (
            <img class="qr" src={svgDataUrl(made.qrSvg)} alt={t("claimCodes.qr")} width={200} height={200} />
          )}
          {made.redeemUrl && <p class="meta break">{made.redeemUrl}</p>}
        </div>
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
