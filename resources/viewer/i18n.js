// The pages' languages: a catalogue of messages per language (lang/<code>.json), the
// language chosen from `?lang=`, then what the spectator chose before on this device,
// then the browser's languages, and `t(key, params)` to say a message in it.
//
// A message is a template: `{name}` is replaced by the parameter of that name, as given
// (player and team names stay as entered; numbers are given as Western digits, as Indian
// sports broadcasts show them). A key missing from a language falls back to English;
// tests/js/i18n.test.js fails when any language lacks a key English has. A page loads
// its catalogue with startLanguage() before it draws anything; a Node test that checks
// words loads one with useMessages().

export const LANGUAGES = {
  en: "English",
  hi: "हिन्दी",
  mr: "मराठी",
  bn: "বাংলা",
  ta: "தமிழ்",
  te: "తెలుగు",
  kn: "ಕನ್ನಡ",
};
export const DEFAULT_LANGUAGE = "en";
export const STORAGE_KEY = "kabaddi-live.lang";

/** `template` with each `{name}` replaced by `params[name]`; unknown names stay as written. */
export function format(template, params = {}) {
  return template.replace(/\{(\w+)\}/g, (whole, name) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** A `t(key, params)` over `messages`, falling back to `fallback` (English), then the key. */
export function translator(messages, fallback = {}) {
  return (key, params) => {
    const template = Object.hasOwn(messages, key)
      ? messages[key]
      : Object.hasOwn(fallback, key)
        ? fallback[key]
        : key;
    return format(template, params);
  };
}

/** A known language code for a tag such as "hi-IN" or "mr", or null. */
export function knownLanguage(tag) {
  if (typeof tag !== "string") return null;
  const code = tag.trim().toLowerCase().split(/[-_]/)[0];
  return Object.hasOwn(LANGUAGES, code) ? code : null;
}

/**
 * The language to show: `?lang=` first, then the spectator's earlier choice on this
 * device, then the first of the browser's languages that the pages speak, then English.
 */
export function chooseLanguage({ query = null, stored = null, preferred = [] } = {}) {
  for (const tag of [query, stored, ...preferred]) {
    const code = knownLanguage(tag);
    if (code) return code;
  }
  return DEFAULT_LANGUAGE;
}

// --- in a page --------------------------------------------------------------------------

const catalogue = { lang: DEFAULT_LANGUAGE, t: translator({}), known: () => false };

/** Say `key` in the page's language. */
export function t(key, params) {
  return catalogue.t(key, params);
}

/**
 * `key`'s message as a list of pieces for dom.js h()/fill(): each `{name}` becomes
 * `parts[name]` (a node, such as the <code> of an address option, or text).
 */
export function tParts(key, parts) {
  return t(key)
    .split(/\{(\w+)\}/)
    .map((piece, index) =>
      index % 2 === 1 ? (Object.hasOwn(parts, piece) ? parts[piece] : `{${piece}}`) : piece,
    );
}

/** The page's language as a locale for dates and times, in Western digits; for English,
 * the reader's own locale. */
export function dateLocale() {
  if (catalogue.lang === DEFAULT_LANGUAGE) return undefined;
  return `${catalogue.lang}-IN-u-nu-latn`;
}

/** Whether the catalogue has `key` (in the page's language or in English). */
export function known(key) {
  return catalogue.known(key);
}

/** Words for a connection state (see live.js). */
export function statusWords(name) {
  return t(known(`status.${name}`) ? `status.${name}` : "status.reconnecting");
}

/** `params` (URLSearchParams) with this page's `?lang=`, if it has one: links keep it. */
export function keepLanguage(params) {
  const lang = knownLanguage(new URLSearchParams(location.search).get("lang"));
  if (lang) params.set("lang", lang);
  return params;
}

/** The page's language code. */
export function currentLanguage() {
  return catalogue.lang;
}

/** Speak `messages` (a catalogue), falling back to `english`; the page's language `lang`. */
export function useMessages(messages, english = messages, lang = DEFAULT_LANGUAGE) {
  catalogue.lang = lang;
  catalogue.t = translator(messages, english);
  catalogue.known = (key) => Object.hasOwn(messages, key) || Object.hasOwn(english, key);
}

function storedChoice() {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null; // storage refused (private mode, a sandbox): the choice is not kept
  }
}

// One literal import per language: the relay serves each under a versioned URL (it
// versions the references it finds in a script), so a catalogue stays cached until it
// changes. A language added to LANGUAGES needs its line here.
const CATALOGUES = {
  en: () => import("./lang/en.json", { with: { type: "json" } }),
  hi: () => import("./lang/hi.json", { with: { type: "json" } }),
  mr: () => import("./lang/mr.json", { with: { type: "json" } }),
  bn: () => import("./lang/bn.json", { with: { type: "json" } }),
  ta: () => import("./lang/ta.json", { with: { type: "json" } }),
  te: () => import("./lang/te.json", { with: { type: "json" } }),
  kn: () => import("./lang/kn.json", { with: { type: "json" } }),
};

async function fetchMessages(code) {
  if (!Object.hasOwn(CATALOGUES, code)) throw new Error(`no catalogue for ${code}`);
  return (await CATALOGUES[code]()).default;
}

/**
 * Load the page's language (see chooseLanguage) and English beside it; mark the
 * document with it and translate its `data-i18n` elements. If a catalogue cannot be
 * loaded the page carries on in English and says so in the console.
 */
export async function startLanguage(root = document) {
  const query = new URLSearchParams(location.search).get("lang");
  const lang = chooseLanguage({
    query,
    stored: storedChoice(),
    preferred: navigator.languages ?? [navigator.language],
  });
  let english = {};
  try {
    english = await fetchMessages(DEFAULT_LANGUAGE);
    useMessages(lang === DEFAULT_LANGUAGE ? english : await fetchMessages(lang), english, lang);
  } catch (error) {
    console.warn(`The page's words could not be loaded (${error.message}): showing English.`);
    useMessages(english, english, DEFAULT_LANGUAGE);
  }
  document.documentElement.lang = catalogue.lang;
  translatePage(root);
  return catalogue.lang;
}

/**
 * Put the text of each element whose `data-i18n` names a key in the page's language,
 * and each attribute an element's `data-i18n-attr` lists as `attribute:key` pairs.
 */
export function translatePage(root = document) {
  for (const node of root.querySelectorAll("[data-i18n]")) {
    node.textContent = t(node.dataset.i18n);
  }
  for (const node of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of node.dataset.i18nAttr.split(/\s+/)) {
      const [attribute, key] = pair.split(":");
      if (attribute && key) node.setAttribute(attribute, t(key));
    }
  }
}

/**
 * A language switcher in `select`: lists the languages, each in its own script, shows
 * the current one and, on a change, keeps the choice on this device and reloads the
 * page in the new language (without `?lang=`, which would override the choice).
 */
export function mountLanguageSwitcher(select) {
  select.replaceChildren(
    ...Object.entries(LANGUAGES).map(([code, name]) => {
      const option = document.createElement("option");
      option.value = code;
      option.lang = code;
      option.textContent = name;
      return option;
    }),
  );
  select.value = catalogue.lang;
  select.addEventListener("change", () => {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, select.value);
    } catch {
      console.warn("This browser does not keep the language choice: it lasts this visit.");
    }
    const url = new URL(location.href);
    url.searchParams.set("lang", select.value);
    if (!storedChoice()) {
      location.assign(url); // not kept: carry the choice in the address instead
      return;
    }
    url.searchParams.delete("lang");
    location.assign(url);
  });
}
