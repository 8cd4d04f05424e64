// The Europass export's words; `nl` must translate every key of `en`.
export const en = {
  "europass.download": "Download for Europass",
  "europass.help": "A European Digital Credential signed by the university, for your Europass wallet.",
} as const;

export const nl: Record<keyof typeof en, string> = {
  "europass.download": "Downloaden voor Europass",
  "europass.help": "Een European Digital Credential, ondertekend door de universiteit, voor je Europass-portefeuille.",
};
