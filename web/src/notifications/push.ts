// Web Push on this device: the browser's subscription, in the shapes the API and the browser take.
import type { PushSubscriptionInput } from "../gql/graphql";

/** A VAPID public key (base64url, as `webPushPublicKey` gives it) as the bytes
 * `pushManager.subscribe` takes for `applicationServerKey`. */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** What `registerPushSubscription` needs from `PushSubscription.toJSON()`; null when the
 * browser gave no encryption keys (no message could then be delivered). */
export function subscriptionInput(json: PushSubscriptionJSON): PushSubscriptionInput | null {
  const p256dh = json.keys?.["p256dh"];
  const auth = json.keys?.["auth"];
  if (!json.endpoint || !p256dh || !auth) return null;
  return { endpoint: json.endpoint, p256dh, auth };
}

export type PushSupport = "supported" | "unsupported" | "denied";

export function pushSupport(): PushSupport {
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window))
    return "unsupported";
  return Notification.permission === "denied" ? "denied" : "supported";
}
