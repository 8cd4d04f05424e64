/// <reference lib="webworker" />
// Kring's service worker: the app shell and its files from the cache when offline, and Web
// Push shown as notifications — only those addressed to the person signed in here.
declare const self: ServiceWorkerGlobalScope;

const SHELL = "kring-shell-v1";
const STATE = "kring-state";
const PERSON_KEY = "/__kring/person";

interface PushPayload {
  id: string;
  kind: string;
  recipient: string;
  data: Record<string, unknown>;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(["/", "/icon.svg", "/manifest.webmanifest"]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/assets/")) {
    // Hashed names never change their content: cache first, forever.
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ??
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              void caches.open(SHELL).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
  } else if (request.mode === "navigate") {
    // The network first (the page is never stale when online), the cached shell offline.
    event.respondWith(
      fetch(request).catch(async () => (await caches.match("/")) ?? Response.error()),
    );
  }
});

async function person(): Promise<string | null> {
  const stored = await (await caches.open(STATE)).match(PERSON_KEY);
  return stored ? (await stored.text()) || null : null;
}

self.addEventListener("message", (event) => {
  const message = event.data as { type?: string; person?: string | null } | null;
  if (message?.type !== "person") return;
  event.waitUntil(
    caches
      .open(STATE)
      .then((cache) => cache.put(PERSON_KEY, new Response(message.person ?? ""))),
  );
});

// Every kind the outbox knows (graph/notifications/outbox.py), in both languages.
const TITLES: Record<string, { en: string; nl: string }> = {
  ORGANISATION_APPROVED: { en: "Your organisation is approved", nl: "Je organisatie is goedgekeurd" },
  ORGANISATION_REJECTED: { en: "Your organisation was not approved", nl: "Je organisatie werd niet goedgekeurd" },
  OPPORTUNITY_PUBLISHED: { en: "Your opportunity is published", nl: "Je leerkans is gepubliceerd" },
  OPPORTUNITY_REJECTED: { en: "Your opportunity was not published", nl: "Je leerkans werd niet gepubliceerd" },
  APPLICATION_RECEIVED: { en: "A new application", nl: "Een nieuwe inschrijving" },
  APPLICATION_ACCEPTED: { en: "Your application is accepted", nl: "Je inschrijving is aanvaard" },
  APPLICATION_REJECTED: { en: "Your application was not accepted", nl: "Je inschrijving werd niet aanvaard" },
  APPLICATION_COMPLETED: { en: "You completed an opportunity", nl: "Je rondde een leerkans af" },
  ENDORSEMENT_REQUESTED: { en: "You are asked to endorse", nl: "Je wordt gevraagd om aan te bevelen" },
  ENDORSEMENT_RECEIVED: { en: "You received an endorsement", nl: "Je kreeg een aanbeveling" },
  BADGE_ISSUED: { en: "You earned a badge", nl: "Je verdiende een badge" },
  BADGE_VALIDATED: { en: "Your badge is officially validated", nl: "Je badge is officieel erkend" },
  BADGE_REVOKED: { en: "A badge of yours was revoked", nl: "Een badge van jou werd ingetrokken" },
  OPPORTUNITY_NEARBY: { en: "A new opportunity near you", nl: "Een nieuwe leerkans in je buurt" },
  CLAIM_AWAITING_REVIEW: { en: "A claim awaits your review", nl: "Een aanvraag wacht op je beoordeling" },
  CLAIM_RETURNED: { en: "Your claim was returned", nl: "Je aanvraag werd teruggestuurd" },
  CLAIM_DECLINED: { en: "Your claim was declined", nl: "Je aanvraag werd geweigerd" },
  CLAIM_REVISED: { en: "A claim was revised", nl: "Een aanvraag werd herzien" },
  EVIDENCE_REQUESTED: { en: "More evidence is asked for", nl: "Er wordt meer bewijs gevraagd" },
  SIGN_IN_ATTEMPTS: { en: "Failed sign-ins to your account", nl: "Mislukte aanmeldingen op je account" },
};

/** Where a notification leads: the page of what it is about. */
export function target(payload: PushPayload): string {
  const id = (key: string): string | null =>
    typeof payload.data[key] === "string" ? (payload.data[key] as string) : null;
  const opportunity = id("opportunityId");
  const assertion = id("assertionId");
  if (assertion) return `/badges/${assertion}`;
  if (opportunity) return `/opportunities/${opportunity}`;
  return "/";
}

self.addEventListener("push", (event) => {
  event.waitUntil(
    (async () => {
      let payload: PushPayload;
      try {
        payload = event.data?.json() as PushPayload;
      } catch {
        return;
      }
      // A browser shared by two people shows each only their own notifications.
      if (!payload || payload.recipient !== (await person())) return;
      const lang = self.navigator.language.toLowerCase().startsWith("nl") ? "nl" : "en";
      const title = TITLES[payload.kind]?.[lang] ?? "Kring";
      const body = typeof payload.data.title === "string" ? payload.data.title : "";
      await self.registration.showNotification(title, {
        body,
        tag: payload.id,
        icon: "/icon.svg",
        data: { url: target(payload) },
      });
    })(),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL(
    (event.notification.data as { url?: string } | null)?.url ?? "/",
    self.location.origin,
  ).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = windows.find((w) => w.url === url);
      if (open) return open.focus();
      return self.clients.openWindow(url);
    })(),
  );
});
