// The people pages' words; `nl` must translate every key of `en`.
export const en = {
  "signIn.title": "Sign in",
  "signIn.email": "E-mail address",
  "signIn.password": "Password",
  "signIn.submit": "Sign in",
  "signIn.failed": "Signing in failed: {reason}",
  "signIn.with": "Sign in with {provider}",
  "signIn.demo": "Demo people (development only)",
  "signIn.demoAs": "Sign in as {name}",
  "signIn.signedInAs": "Signed in as {name}",
} as const;

export const nl: Record<keyof typeof en, string> = {
  "signIn.title": "Aanmelden",
  "signIn.email": "E-mailadres",
  "signIn.password": "Wachtwoord",
  "signIn.submit": "Aanmelden",
  "signIn.failed": "Aanmelden mislukt: {reason}",
  "signIn.with": "Aanmelden met {provider}",
  "signIn.demo": "Demopersonen (alleen in ontwikkeling)",
  "signIn.demoAs": "Aanmelden als {name}",
  "signIn.signedInAs": "Aangemeld als {name}",
};
