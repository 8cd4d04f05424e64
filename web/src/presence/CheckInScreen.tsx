// /opportunities/{id}/check-in: the organisation's screen at the event. A big code and its QR,
// fetched again when the minute turns (and every few seconds for the live count), and one
// button that marks every attendee completed (`confirmAttendance`, its requestId kept until
// the server answers, so pressing again after a lost answer retries the same request).
import { useEffect, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { CheckInScreenQuery } from "../gql/graphql";
import { useMe } from "../people/session";
import { secondsUntil, svgDataUrl } from "./codes";
import "./presence.css";

const SCREEN = graphql(`
  query CheckInScreen($id: ID!) {
    opportunity(id: $id) {
      id
      title
    }
    checkInCode(opportunityId: $id) {
      code
      qrSvg
      validUntil
      checkedIn
      accepted
    }
  }
`);

const CONFIRM = graphql(`
  mutation ConfirmAttendance($id: ID!, $requestId: ID!) {
    confirmAttendance(opportunityId: $id, requestId: $requestId) {
      completed
      failed
    }
  }
`);

// The count follows check-ins this often; the code itself changes on the minute.
const REFRESH_MS = 5000;

export function CheckInScreen({ id }: { id: string }) {
  useLocale();
  const me = useMe();
  const [data, setData] = useState<CheckInScreenQuery | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  const [requestId, setRequestId] = useState<string | null>(null);
  const [report, setReport] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  async function load(): Promise<void> {
    try {
      setData(await request(SCREEN, { id }));
      setError(null);
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.code === "FORBIDDEN"
          ? t("checkIn.screen.forbidden")
          : errorText(caught),
      );
    }
  }

  useEffect(() => {
    if (!me) return undefined;
    void load();
    const tick = window.setInterval(() => setNow(Date.now()), 1000);
    const poll = window.setInterval(() => void load(), REFRESH_MS);
    return () => {
      window.clearInterval(tick);
      window.clearInterval(poll);
    };
  }, [id, me?.id]);

  const left = data?.checkInCode ? secondsUntil(data.checkInCode.validUntil, now) : null;
  useEffect(() => {
    if (left === 0) void load();
  }, [left === 0]);

  async function confirmAll(): Promise<void> {
    const asked = requestId ?? crypto.randomUUID();
    setRequestId(asked);
    setReport(null);
    setConfirming(true);
    try {
      const answer = await request(CONFIRM, { id, requestId: asked });
      setRequestId(null);
      const { completed, failed } = answer.confirmAttendance;
      setReport(
        t("checkIn.screen.confirmed", { count: completed }) +
          (failed ? ` ${t("checkIn.screen.notConfirmed", { count: failed })}` : ""),
      );
      await load();
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setConfirming(false);
    }
  }

  if (me === null) {
    return (
      <p>
        <a href={`/sign-in?next=${encodeURIComponent(`/opportunities/${id}/check-in`)}`}>
          {t("checkIn.screen.signIn")}
        </a>
      </p>
    );
  }
  const shown = data?.checkInCode;
  return (
    <section class="check-in-screen" aria-labelledby="check-in-title">
      <h1 id="check-in-title">{t("checkIn.screen.title", { title: data?.opportunity?.title ?? "…" })}</h1>
      <p>{t("checkIn.screen.lead")}</p>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      {shown && (
        <>
          <div class="check-in-code">
            <p class="big-code">
              <span class="visually-hidden">{t("checkIn.screen.code")}: </span>
              <span data-testid="check-in-code">
                {shown.code.slice(0, 4)} {shown.code.slice(4)}
              </span>
            </p>
            <img class="qr" src={svgDataUrl(shown.qrSvg)} alt={t("checkIn.screen.qr")} width={240} height={240} />
            <p class="meta">{t("checkIn.screen.next", { seconds: left ?? 0 })}</p>
          </div>
          <p role="status" class="count">
            {t("checkIn.screen.count", { checkedIn: shown.checkedIn, accepted: shown.accepted })}
          </p>
          <p>
            <button
              type="button"
              onClick={() => void confirmAll()}
              disabled={shown.checkedIn === 0 || confirming}
              aria-busy={confirming}
            >
              {t("checkIn.screen.confirm")}
            </button>
          </p>
        </>
      )}
      <p role="status" class="success">
        {report}
      </p>
      <p>
        <a href={`/opportunities/${id}/applications`}>{t("checkIn.screen.inbox")}</a>
      </p>
    </section>
  );
}
