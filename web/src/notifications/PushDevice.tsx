import { useEffect, useState } from "preact/hooks";
import { request } from "../core/api";
import { t } from "../core/i18n";
import { graphql } from "../gql";
import { keyBytes, pushSupport, subscriptionInput } from "./push";

const PUSH_SETUP = graphql(`
  query PushSetup {
    webPushPublicKey
    pushSubscriptions {
      endpoint
    }
  }
`);

const REGISTER = graphql(`
  mutation RegisterPushSubscription($input: PushSubscriptionInput!) {
    registerPushSubscription(input: $input) {
      id
    }
  }
`);

const REMOVE = graphql(`
  mutation RemovePushSubscription($endpoint: String!) {
    removePushSubscription(endpoint: $endpoint)
  }
`);

type State = "checking" | "on" | "off" | "unsupported" | "denied";

async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.ready;
  return registration.pushManager.getSubscription();
}

/** Push notifications on this device: subscribes through the service worker with the server's
 * VAPID key and registers the subscription with Kring; off removes both. */
export function PushDevice() {
  const [state, setState] = useState<State>("checking");
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const support = pushSupport();
    if (support !== "supported") {
      setState(support);
      return;
    }
    void Promise.all([request(PUSH_SETUP, {}), currentSubscription()])
      .then(([setup, subscription]) => {
        const registered = setup.pushSubscriptions.some((s) => s.endpoint === subscription?.endpoint);
        setState(subscription && registered ? "on" : "off");
      })
      .catch(() => setState("off"));
  }, []);

  async function turnOn(): Promise<void> {
    setBusy(true);
    setNotice(null);
    try {
      if ((await Notification.requestPermission()) !== "granted") {
        setState("denied");
        return;
      }
      const { webPushPublicKey } = await request(PUSH_SETUP, {});
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(webPushPublicKey),
      });
      const input = subscriptionInput(subscription.toJSON());
      if (input === null) throw new Error(t("push.noKeys"));
      await request(REGISTER, { input });
      setState("on");
      setNotice(t("push.turnedOn"));
    } catch (caught) {
      setNotice(t("push.failed", { reason: caught instanceof Error ? caught.message : String(caught) }));
    } finally {
      setBusy(false);
    }
  }

  async function turnOff(): Promise<void> {
    setBusy(true);
    setNotice(null);
    try {
      const subscription = await currentSubscription();
      if (subscription) {
        await request(REMOVE, { endpoint: subscription.endpoint });
        await subscription.unsubscribe();
      }
      setState("off");
      setNotice(t("push.turnedOff"));
    } catch (caught) {
      setNotice(t("error.generic", { message: caught instanceof Error ? caught.message : "" }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="push-title">
      <h2 id="push-title">{t("push.title")}</h2>
      {state === "unsupported" && <p>{t("push.unsupported")}</p>}
      {state === "denied" && <p>{t("push.denied")}</p>}
      {state === "on" && (
        <p>
          {t("push.on")}{" "}
          <button type="button" disabled={busy} onClick={() => void turnOff()}>
            {t("push.turnOff")}
          </button>
        </p>
      )}
      {state === "off" && (
        <p>
          {t("push.off")}{" "}
          <button type="button" disabled={busy} onClick={() => void turnOn()}>
            {t("push.turnOn")}
          </button>
        </p>
      )}
      <p role="status">{notice ?? ""}</p>
    </section>
  );
}
