// /check-in/{opportunityId}: the learner checks in with the code on the organisation's screen,
// scanned with the camera (jsQR reads the frames; it loads only when the camera is opened) or
// typed. Opened from the QR with ?code=, it asks once and checks in. Sharing the location is
// a choice, asked each time, and only compared with the venue by the server.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import { useMe } from "../people/session";
import { checkInDigits, codeFromScan } from "./codes";
import "./presence.css";

const TITLE = graphql(`
  query CheckInOpportunity($id: ID!) {
    opportunity(id: $id) {
      id
      title
    }
  }
`);

const CHECK_IN = graphql(`
  mutation CheckIn($id: ID!, $code: String!, $latitude: Float, $longitude: Float) {
    checkIn(opportunityId: $id, code: $code, latitude: $latitude, longitude: $longitude) {
      applicationId
      attendedAt
      first
    }
  }
`);

function position(): Promise<GeolocationPosition> {
  return new Promise((resolve, reject) =>
    navigator.geolocation.getCurrentPosition(resolve, reject, { enableHighAccuracy: true, timeout: 15000 }),
  );
}

export function CheckIn({ id, code }: { id: string; code: string | null }) {
  useLocale();
  const me = useMe();
  const [title, setTitle] = useState<string>("");
  const [typed, setTyped] = useState(code ?? "");
  const [share, setShare] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [scanning, setScanning] = useState(false);

  useEffect(() => {
    request(TITLE, { id })
      .then((data) => setTitle(data.opportunity?.title ?? ""))
      .catch(() => undefined);
  }, [id]);

  async function send(raw: string): Promise<void> {
    const digits = checkInDigits(raw);
    if (!digits) {
      setError(t("checkIn.badCode"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      let place: { latitude?: number; longitude?: number } = {};
      if (share) {
        try {
          const found = await position();
          place = { latitude: found.coords.latitude, longitude: found.coords.longitude };
        } catch {
          setError(t("checkIn.location.failed"));
          return;
        }
      }
      const answer = await request(CHECK_IN, { id, code: digits, ...place });
      setDone(t(answer.checkIn.first ? "checkIn.done" : "checkIn.again", { title }));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  if (me === null) {
    const back = `/check-in/${id}${code ? `?code=${encodeURIComponent(code)}` : ""}`;
    return (
      <section aria-labelledby="check-in-title">
        <h1 id="check-in-title">{t("checkIn.title")}</h1>
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(back)}`}>{t("checkIn.signIn")}</a>
        </p>
      </section>
    );
  }
  return (
    <section class="check-in" aria-labelledby="check-in-title">
      <h1 id="check-in-title">{title ? t("checkIn.at", { title }) : t("checkIn.title")}</h1>
      {done ? (
        <>
          <p role="status" class="success">
            <span aria-hidden="true">✓ </span>
            {done}
          </p>
          <p>
            <a href="/applications">{t("checkIn.applications")}</a>
          </p>
        </>
      ) : (
        <>
          {code ? <p>{t("checkIn.confirmScanned", { title: title || "…" })}</p> : <p>{t("checkIn.lead")}</p>}
          {error && <p role="alert">{error}</p>}
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void send(typed);
            }}
          >
            <label for="check-in-code">{t("checkIn.typed")}</label>
            <input
              id="check-in-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={9}
              value={typed}
              onInput={(event) => setTyped(event.currentTarget.value)}
            />
            <p class="choice">
              <input
                id="check-in-share"
                type="checkbox"
                checked={share}
                onChange={(event) => setShare(event.currentTarget.checked)}
                aria-describedby="check-in-share-hint"
              />
              <label for="check-in-share">{t("checkIn.location")}</label>
            </p>
            <p id="check-in-share-hint" class="hint">
              {t("checkIn.location.hint")}
            </p>
            <button type="submit" disabled={busy}>
              {t("checkIn.send")}
            </button>
          </form>
          {!code && (
            <p>
              <button type="button" class="secondary" onClick={() => setScanning(!scanning)}>
                {scanning ? t("checkIn.camera.stop") : t("checkIn.camera")}
              </button>
            </p>
          )}
          {scanning && (
            <Scanner
              onCode={(found) => {
                const digits = codeFromScan(found, id, location.origin);
                if (!digits) {
                  setError(t("checkIn.camera.other"));
                  return false;
                }
                setScanning(false);
                setTyped(digits);
                void send(digits);
                return true;
              }}
              onFail={() => {
                setScanning(false);
                setError(t("checkIn.camera.failed"));
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

/** The camera's frames, read for a QR code until `onCode` accepts one. */
function Scanner({ onCode, onFail }: { onCode: (text: string) => boolean; onFail: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    let stream: MediaStream | null = null;
    let frame = 0;
    let stopped = false;
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    async function start(): Promise<void> {
      try {
        const { default: jsQR } = await import("jsqr");
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
        const element = video.current;
        if (!element || stopped || !context) return;
        element.srcObject = stream;
        await element.play();
        const read = () => {
          if (stopped) return;
          if (element.videoWidth > 0) {
            canvas.width = element.videoWidth;
            canvas.height = element.videoHeight;
            context.drawImage(element, 0, 0);
            const image = context.getImageData(0, 0, canvas.width, canvas.height);
            const found = jsQR(image.data, image.width, image.height);
            if (found && onCode(found.data)) return;
          }
          frame = requestAnimationFrame(read);
        };
        read();
      } catch {
        if (!stopped) onFail();
      }
    }
    void start();
    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);
  return (
    <figure>
      <video ref={video} class="scanner" muted playsInline />
      <figcaption class="visually-hidden">{t("checkIn.camera.video")}</figcaption>
    </figure>
  );
}
