// The annotation API (annotations/api.py): W3C Web Annotation JSON-LD, session auth, CSRF on writes.
//
// The page works with plain objects:
//   annotation {id, url, kind: "annotation", start, end, exact, prefix, suffix, motivation, note,
//               tags, tagPages ({tag: its page's URL}), colour, visibility, creator, orphaned, created,
//               modified, version}
//   quotation  {id, kind: "quotation", start, end, text, speaker, speakerSlug, speakerUrl, speakerRole,
//               speakerIsOrganisation, cue, setting, saidOn, place, quoteKind, status, origin, orphaned,
//               version, history}
// and these functions translate to and from the wire.

const ROOT = "/api/";

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

export class ApiError extends Error {
  constructor(status, data) {
    super(ApiError.describe(status, data));
    this.status = status;
    this.data = data;
  }

  // "field: message" for each field error the server sent, or the status.
  static describe(status, data) {
    if (data && typeof data === "object") {
      const errors = data.errors || data;
      const parts = [];
      for (const [field, messages] of Object.entries(errors)) {
        const text = Array.isArray(messages) ? messages.join(" ") : String(messages);
        parts.push(field === "__all__" || field === "detail" || field === "error" ? text : `${field}: ${text}`);
      }
      if (parts.length) return parts.join("; ");
    }
    return `The server answered ${status}.`;
  }
}

// `version`: the row's version as the server sent it; a change made since is refused (412), never overwritten.
async function request(method, url, data, version) {
  const options = { method, credentials: "same-origin", headers: { Accept: "application/ld+json, application/json" } };
  if (version) options.headers["If-Match"] = `"${version}"`;
  if (data !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(data);
  }
  if (method !== "GET") options.headers["X-CSRFToken"] = csrfToken();
  const response = await fetch(url, options);
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

const asList = (value) => (value == null ? [] : Array.isArray(value) ? value : [value]);

export function uuidOf(id) {
  const parts = String(id).split("/").filter(Boolean);
  return parts[parts.length - 1];
}

const pick = (object, ...names) => {
  for (const name of names) {
    if (object && object[name] !== undefined && object[name] !== null) return object[name];
  }
  return undefined;
};

// A W3C annotation -> the page's annotation.
export function fromW3C(json) {
  const target = asList(json.target)[0] || {};
  const selectors = asList(target.selector);
  const position = selectors.find((s) => s.type === "TextPositionSelector") || {};
  const quote = selectors.find((s) => s.type === "TextQuoteSelector") || {};
  const bodies = asList(json.body);
  const links = bodies.filter((body) => body && body.purpose === "linking");
  const tags = [];
  const tagPages = {};
  let note = "";
  let colour = pick(json, "colour", "color", "newsroom:colour");
  let visibility = pick(json, "visibility", "newsroom:visibility");
  for (const body of bodies) {
    if (typeof body !== "object") continue;
    if (body.purpose === "linking") continue;
    if (body.purpose === "tagging") {
      tags.push(body.value);
      const page = tagPage(body.id);
      if (page) tagPages[body.value] = page;
    }
    else if (body.value !== undefined && body.value !== "") note = body.value;
    colour = colour ?? pick(body, "colour", "color", "newsroom:colour");
    visibility = visibility ?? pick(body, "visibility", "newsroom:visibility");
  }
  const creator = json.creator;
  return {
    id: json.uuid || uuidOf(json.id),
    url: json.id,
    kind: "annotation",
    motivation: asList(json.motivation)[0] || "highlighting",
    start: position.start,
    end: position.end,
    exact: quote.exact || "",
    prefix: quote.prefix || "",
    suffix: quote.suffix || "",
    note,
    tags,
    tagPages,
    links,
    colour: colour || "yellow",
    visibility: visibility || "shared",
    creator: typeof creator === "object" && creator ? pick(creator, "nickname", "name", "id") || "" : creator || "",
    orphaned: Boolean(pick(json, "orphaned", "newsroom:orphaned")),
    created: json.created,
    modified: json.modified,
    version: json.version,
  };
}

// A tagging body's id is the tag's page on this site (/tags/<slug>/); anything else is not linked.
function tagPage(id) {
  if (typeof id !== "string") return "";
  try {
    const url = new URL(id, location.href);
    return url.origin === location.origin && url.pathname.startsWith("/tags/") ? url.pathname : "";
  } catch {
    return "";
  }
}

// The W3C bodies of a note, tags and links (a link to a quotation is kept as it came).
export function bodiesOf({ note, tags = [], links = [] }) {
  const body = [];
  if (note) body.push({ type: "TextualBody", value: note, format: "text/plain", purpose: "commenting" });
  for (const tag of tags) body.push({ type: "TextualBody", value: tag, purpose: "tagging" });
  return [...body, ...links];
}

// The page's annotation (or the fields of a new one) -> a W3C annotation to send.
export function toW3C(annotation, { source }) {
  const body = bodiesOf(annotation);
  const motivation = annotation.note ? "commenting" : (annotation.tags || []).length ? "tagging" : "highlighting";
  return {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    type: "Annotation",
    motivation,
    body,
    target: targetOf(annotation, source),
    colour: annotation.colour,
    visibility: annotation.visibility,
  };
}

export async function listAnnotations(article) {
  const collection = await request("GET", `${ROOT}annotations/?article=${encodeURIComponent(article)}`);
  const items = [];
  let page = collection && collection.first;
  while (page) {
    if (typeof page === "string") page = await request("GET", page);
    items.push(...asList(page.items));
    page = page.next;
  }
  return items.map(fromW3C);
}

export async function createAnnotation(annotation, context) {
  return fromW3C(await request("POST", `${ROOT}annotations/`, toW3C(annotation, context)));
}

// Changes only the fields given, in W3C terms: {target}, {body}, {colour}, {visibility}.
export async function patchAnnotation(annotation, changes) {
  return fromW3C(await request("PATCH", annotation.url || `${ROOT}annotations/${annotation.id}/`, changes, annotation.version));
}

// The W3C target of body[start:end] of the article at `source`.
export function targetOf({ start, end, exact, prefix, suffix }, source) {
  return {
    source,
    selector: [
      { type: "TextQuoteSelector", exact, prefix, suffix },
      { type: "TextPositionSelector", start, end },
    ],
  };
}

export async function deleteAnnotation(annotation) {
  await request("DELETE", annotation.url || `${ROOT}annotations/${annotation.id}/`, undefined, annotation.version);
}

// A quotation from the API -> the page's quotation. Its history comes only to those who may see it:
// without one, the page keeps what it had.
export function quotationFrom(json) {
  const speaker = json.speaker;
  const person = typeof speaker === "object" && speaker ? speaker : null;
  const quotation = {
    id: json.uuid || uuidOf(json.id),
    kind: "quotation",
    start: json.start,
    end: json.end,
    text: json.text,
    // A person, else the source as the article words it (an organisation, "a spokesperson").
    speaker: person ? person.name || "" : json.speaker_text || "",
    speakerSlug: person?.slug || "",
    speakerUrl: person?.url || "",
    speakerRole: person?.role || "",
    speakerIsOrganisation: !person && Boolean(json.speaker_is_organisation),
    cue: json.cue || "",
    setting: json.setting || "",
    saidOn: json.said_on || "",
    place: json.place || "",
    quoteKind: json.kind || "direct",
    status: json.status,
    origin: json.origin,
    orphaned: Boolean(json.orphaned),
    version: json.version,
  };
  if (Array.isArray(json.history)) quotation.history = json.history;
  return quotation;
}

// fields: {article, start, end, text, speaker (a person's id) or speaker_name (a new person), cue, kind}
export async function createQuotation(fields) {
  return quotationFrom(await request("POST", `${ROOT}quotations/`, fields));
}

// changes: {status} to confirm or reject, {speaker} or {speaker_name} to re-attribute, {cue, kind,
// said_on, place} to edit. With the `version` the page has, a change made meanwhile by someone else
// is refused (an ApiError with status 412), never overwritten.
export async function updateQuotation(id, changes, version) {
  return quotationFrom(await request("PATCH", `${ROOT}quotations/${id}/`, changes, version));
}

export async function getQuotation(id) {
  return quotationFrom(await request("GET", `${ROOT}quotations/${id}/`));
}

const resultsOf = (json) => asList(json && (json.results || json.items || json.people || json.tags || json));

// [{id, name, label}] for people (and their aliases) matching `query`.
export async function searchPeople(query) {
  const json = await request("GET", `${ROOT}people/?q=${encodeURIComponent(query)}`);
  return resultsOf(json).map((person) => {
    const alias = person.alias || person.matched_alias || "";
    return {
      id: pick(person, "id", "slug", "uuid"),
      name: person.name,
      label: alias && alias !== person.name ? `${alias} → ${person.name}` : [person.name, person.role].filter(Boolean).join(", "),
    };
  });
}

// Tag names matching `query`.
export async function searchTags(query) {
  const json = await request("GET", `${ROOT}tags/?q=${encodeURIComponent(query)}`);
  return resultsOf(json).map((tag) => (typeof tag === "string" ? tag : tag.name));
}
