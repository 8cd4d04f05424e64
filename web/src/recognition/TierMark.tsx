// A badge's tier in words and in a shape of its own (circle, two linked rings, shield), so it
// never depends on colour alone; the state likewise carries its word.
import { formatDate, t } from "../core/i18n";
import type { Tier } from "../gql/graphql";
import { type BadgeState, tierClass } from "./present";

function Shape({ tier }: { tier: Tier }) {
  if (tier === "SELF_ASSERTED") {
    return (
      <svg class="tier-shape" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
        <circle cx="10" cy="10" r="7" fill="none" stroke="currentColor" stroke-width="2" stroke-dasharray="3 2" />
      </svg>
    );
  }
  if (tier === "COMMUNITY") {
    return (
      <svg class="tier-shape" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
        <circle cx="7" cy="10" r="5" fill="none" stroke="currentColor" stroke-width="2" />
        <circle cx="13" cy="10" r="5" fill="none" stroke="currentColor" stroke-width="2" />
      </svg>
    );
  }
  return (
    <svg class="tier-shape" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
      <path d="M10 1 L18 4 V10 C18 14.5 14.5 17.5 10 19 C5.5 17.5 2 14.5 2 10 V4 Z" fill="currentColor" />
      <path d="M6 10 L9 13 L14 7" fill="none" stroke="#ffffff" stroke-width="2" />
    </svg>
  );
}

export function TierMark({ tier }: { tier: Tier }) {
  return (
    <span class={`tier-mark ${tierClass(tier)}`}>
      <Shape tier={tier} />
      <span>{t(`badge.tier.${tier}`)}</span>
    </span>
  );
}

export interface StateFields {
  status: BadgeState;
  expiresAt?: string | null;
  revokedAt?: string | null;
  revocationReason?: string | null;
}

/** Valid, expired on…, revoked on… (with why): in words, with a mark of its own. */
export function StateText({ state }: { state: StateFields }) {
  const { status } = state;
  let text: string = t("badge.status.UNKNOWN");
  if (status === "ACTIVE") text = t("badge.status.ACTIVE");
  else if (status === "EXPIRED") {
    text = state.expiresAt ? t("badge.status.EXPIRED", { date: formatDate(state.expiresAt) }) : t("badge.status.EXPIRED.short");
  } else if (status === "REVOKED") {
    text = state.revokedAt ? t("badge.status.REVOKED", { date: formatDate(state.revokedAt) }) : t("badge.status.REVOKED.short");
  }
  return (
    <span class={`state state-${status.toLowerCase()}`}>
      <span aria-hidden="true" class="state-mark">
        {status === "ACTIVE" ? "✓" : status === "UNKNOWN" ? "?" : "✕"}
      </span>{" "}
      {text}
      {status === "REVOKED" && state.revocationReason && (
        <span class="state-reason"> {t("badge.status.reason", { reason: state.revocationReason })}</span>
      )}
    </span>
  );
}
