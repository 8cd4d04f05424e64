// Notifications in the app; `nl` must translate every key of `en`.
export const en = {
  "notifications.title": "Notifications",
  "notifications.bell": "Notifications, {count} unread",
  "notifications.none": "Nothing new.",
  "notifications.markAll": "Mark all as read",
  "notifications.markRead": "Mark as read",
  "notifications.unread": "unread",
  "notifications.signIn": "Sign in to see your notifications.",
  "preferences.title": "How you hear about things",
  "preferences.kind": "What happened",
  "preferences.inApp": "In the app",
  "preferences.push": "Push",
  "preferences.email": "E-mail",
  "preferences.saved": "Saved.",
} as const;

export const nl: Record<keyof typeof en, string> = {
  "notifications.title": "Meldingen",
  "notifications.bell": "Meldingen, {count} ongelezen",
  "notifications.none": "Niets nieuws.",
  "notifications.markAll": "Alles als gelezen markeren",
  "notifications.markRead": "Als gelezen markeren",
  "notifications.unread": "ongelezen",
  "notifications.signIn": "Meld je aan om je meldingen te zien.",
  "preferences.title": "Hoe je op de hoogte blijft",
  "preferences.kind": "Wat er gebeurde",
  "preferences.inApp": "In de app",
  "preferences.push": "Push",
  "preferences.email": "E-mail",
  "preferences.saved": "Bewaard.",
};
