// The reading view's annotating layer: paints the article's annotations, lists them in the side
// panel, and, for users who may annotate, turns a selection into a highlight, tag, note or quotation.
//
// Everything the page needs comes from the server-rendered page: the paragraphs with their body
// offsets, and the #reader-data JSON (json_script). Without JavaScript the page reads just the same.
//
// Timings land on <html> as data attributes: data-painted-ms (module start until the highlights
// are painted; data-painted-since-navigation-ms from the start of the navigation), data-load-ms
// (until the API list had arrived and was parsed: loading.js starts it before this module runs),
// data-panel-ms (filling the panel after), data-highlights (ranges).

import {
  bodiesOf,
  createAnnotation,
  createQuotation,
  deleteAnnotation,
  getQuotation,
  listAnnotations,
  patchAnnotation,
  searchPeople,
  searchTags,
  targetOf,
  updateQuotation,
} from "./api.js";
import { h } from "./dom.js";
import { Painter } from "./highlights.js";
import { loading as loadingEarly } from "./loading.js";
import { Panel, readingOrder } from "./panel.js";
import { People } from "./people.js";
import { markQuotation, marksOf as quotationMarks, updateMarks } from "./quotemarks.js";
import { Toolbar } from "./toolbar.js";

const started = performance.now();
const html = document.documentElement;
const config = JSON.parse(document.getElementById("reader-data").textContent);
const root = document.getElementById("article-body");
const context = { source: config.source, article: config.article };
// Usually under way since the <head> was parsed (loading.js).
const loading = loadingEarly || listAnnotations(config.article);

const painter = new Painter(root, window.NEWSROOM_NO_HIGHLIGHT_API ? { native: false } : undefined);
const annotations = new Map();
const quotations = new Map(
  config.quotations.map((q) => [q.id, { ...q, quoteKind: q.kind, kind: "quotation", tags: [] }]),
);
let active = null; // the id of the item j/k/clicks last went to
let pending = null; // {start, end, range}: the selection the toolbar acts on
let colour = "yellow";
let temporary = 0;
let saving = false; // a typed note or tags on their way to the server

const status = h("div", { class: "nr-status", id: "nr-status", role: "status", "aria-live": "polite" });
document.body.append(status);
let statusTimer = 0;
// A short message at the bottom of the page, with an optional action such as {label: "Undo", run}.
function say(message, error = false, action = null) {
  status.replaceChildren(message);
  if (action) {
    status.append(
      " ",
      h("button", { type: "button", class: "link-button", onclick: () => ((status.hidden = true), action.run()) }, action.label),
    );
  }
  status.classList.toggle("is-error", error);
  status.hidden = false;
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => (status.hidden = true), error || action ? 8000 : 2500);
}
status.hidden = true;

const allItems = () => [...annotations.values(), ...quotations.values()].sort(readingOrder);

const panel = new Panel(document.getElementById("annotation-panel"), {
  user: config.user,
  canReview: config.canReview,
  canEditOthers: config.canEditOthers,
  actions: {
    focus: (item) => focus(item),
    confirm: (q) => review(q, { status: "confirmed" }, "Confirmed."),
    reject: (q) => review(q, { status: "rejected" }, "Rejected."),
    reattribute: (q, option) =>
      review(q, option.create ? { speaker_name: option.name } : { speaker: option.value }, `Attributed to ${option.name}.`),
    edit: (q, changes) => review(q, changes, "Saved."),
    refresh: (q) => refetch(q),
    copy: (q) => copy(q),
    save: (a, changes) => save(a, changes),
    reattach: (item) => reattach(item),
    remove: (a) => remove(a),
    searchPeople,
  },
});
const refresh = () => panel.render(allItems());
const people = new People(document.getElementById("people-in-article"));
const updatePeople = () => people.update([...quotations.values()]);

// Painting

function paintable(item) {
  return !item.orphaned && Number.isInteger(item.start) && Number.isInteger(item.end);
}

// The highlights are painted first; the panel is filled in the task after that frame.
loading
  .then((found) => {
    html.dataset.loadMs = (performance.now() - started).toFixed(1);
    for (const annotation of found) annotations.set(annotation.id, annotation);
    painter.paintAll(found.filter(paintable));
  })
  .catch((error) => {
    say(`The annotations could not be loaded: ${error.message}`, true);
  })
  .finally(() => {
    requestAnimationFrame(() =>
      setTimeout(() => {
        const painted = performance.now();
        html.dataset.paintedMs = (painted - started).toFixed(1);
        html.dataset.paintedSinceNavigationMs = painted.toFixed(1);
        html.dataset.highlights = String(painter.size);
        refresh();
        html.dataset.panelMs = (performance.now() - painted).toFixed(1);
        html.dataset.reader = "ready";
        followHash();
        window.addEventListener("hashchange", followHash);
      }, 0),
    );
  });

// Going to an item: j/k and clicks in the panel

const marksOf = (id) => quotationMarks(root, id);

// A quotation made or attached again on the page is marked as the server marks them, speaker and all,
// and painted in the "quotation" highlight, which tells where it is.
function markLive(item) {
  if (!paintable(item) || marksOf(item.id).length) return;
  if (markQuotation(root, painter.index, item)) painter.reindex();
  painter.add(item);
}

function focus(item, { scroll = true } = {}) {
  active = item.id;
  painter.setActive(painter.rangeFor(item.id) ? item.id : null);
  for (const mark of root.querySelectorAll("mark.is-active")) mark.classList.remove("is-active");
  const marks = item.kind === "quotation" ? marksOf(item.id) : [];
  for (const mark of marks) mark.classList.add("is-active");
  panel.markActive(item.id);
  const target = marks[0] || painter.rangeFor(item.id);
  if (target && scroll) {
    const rect = target.getBoundingClientRect();
    if (rect.top < 60 || rect.bottom > window.innerHeight - 40) {
      window.scrollTo({ top: window.scrollY + rect.top - window.innerHeight / 3, behavior: "instant" });
    }
  }
}

// Links to an annotation (the tag pages) end in #a-<uuid>: highlights have no element to target.
function followHash() {
  const linked = location.hash.startsWith("#a-") && annotations.get(location.hash.slice(3));
  if (linked) focus(linked);
}

// A click on highlighted text shows its annotation in the panel (the innermost one, if they overlap).
root.addEventListener("click", (event) => {
  if (!window.getSelection().isCollapsed) return;
  const caret = document.caretPositionFromPoint?.(event.clientX, event.clientY);
  const paragraph = caret && painter.index.paragraphOf(caret.offsetNode);
  if (!paragraph) return;
  const offset = painter.index.offsetOf(paragraph, caret.offsetNode, caret.offset);
  let found = null;
  for (const item of annotations.values()) {
    const inside = !item.orphaned && item.start <= offset && offset < item.end;
    if (inside && (!found || item.end - item.start < found.end - found.start)) found = item;
  }
  if (found) focus(found, { scroll: false });
});

function step(direction) {
  const items = panel.shown;
  if (!items.length) return;
  const at = items.findIndex((item) => item.id === active);
  const next = at < 0 ? (direction > 0 ? 0 : items.length - 1) : (at + direction + items.length) % items.length;
  focus(items[next]);
}

// The selection and the toolbar

const canWrite = config.canAnnotate || config.canQuote;
const toolbar = canWrite
  ? new Toolbar({
      canAnnotate: config.canAnnotate,
      canQuote: config.canQuote,
      after: root,
      header: document.querySelector(".article-header"),
      actions: {
        highlight: (chosen) => {
          colour = chosen;
          annotate({ colour: chosen });
        },
        tag: (tags) => annotate({ tags }),
        note: (note, visibility) => annotate({ note, visibility }),
        quote: (fields, name) => quote(fields, name),
        cancel: () => cancel(),
        searchTags,
        searchPeople,
      },
    })
  : null;

function readSelection() {
  const selection = window.getSelection();
  if (!selection.rangeCount || selection.isCollapsed) return null;
  const offsets = painter.index.offsetsOf(selection.getRangeAt(0));
  if (!offsets) return null;
  const range = painter.index.range(offsets.start, offsets.end);
  return range ? { ...offsets, range } : null;
}

function onSelection() {
  if (!toolbar || toolbar.form) return;
  pending = readSelection();
  if (pending) toolbar.showFor(pending.range);
  else if (!toolbar.element.contains(document.activeElement)) toolbar.hide();
}

if (toolbar) {
  let pointerDown = false;
  let timer = 0;
  // While the mouse is down the selection is still being made: the toolbar waits for the release.
  document.addEventListener("pointerdown", (event) => {
    pointerDown = !toolbar.element.contains(event.target);
    // A change noticed just before the press (the last highlight's selection cleared) must not show
    // the toolbar under the mouse while this selection is being made.
    if (pointerDown) clearTimeout(timer);
  });
  document.addEventListener("pointerup", () => {
    if (!pointerDown) return;
    pointerDown = false;
    setTimeout(onSelection, 0);
  });
  document.addEventListener("selectionchange", () => {
    if (pointerDown) return;
    clearTimeout(timer);
    timer = setTimeout(onSelection, 60);
  });
}

function cancel() {
  pending = null;
  toolbar?.hide();
  painter.setActive(null);
  window.getSelection().removeAllRanges();
}

function openForm(name) {
  if (!toolbar) return;
  pending = pending || readSelection();
  if (!pending) return say("Select some text first.");
  toolbar.place(pending.range);
  if (toolbar.open(name)) painter.markRange?.(pending.range);
}

// A highlight is shown at once and taken back if the server refuses it. A note or tags were typed:
// their form stays open until the server has them, so that a failure loses nothing.
async function annotate(fields) {
  const target = pending || readSelection();
  if (!target) return say("Select some text first.");
  const draft = {
    id: `new-${++temporary}`,
    kind: "annotation",
    start: target.start,
    end: target.end,
    ...painter.index.quote(target.start, target.end),
    note: "",
    tags: [],
    colour,
    visibility: "shared",
    creator: config.user,
    orphaned: false,
    ...fields,
  };
  const typed = Boolean(fields.note || fields.tags);
  if (typed && saving) return;
  saving = typed;
  if (!typed) {
    cancel();
    annotations.set(draft.id, draft);
    painter.add(draft);
    refresh();
  }
  try {
    const saved = await createAnnotation(draft, context);
    if (typed) cancel();
    replace(draft, saved);
    say(fields.note ? "Note saved." : fields.tags ? "Tagged." : "Highlighted.");
    return saved;
  } catch (error) {
    if (typed) return toolbar.error(`Not saved: ${error.message}`);
    annotations.delete(draft.id);
    painter.remove(draft.id);
    refresh();
    say(`Not saved: ${error.message}`, true);
  } finally {
    if (typed) saving = false;
  }
}

async function quote(fields, name) {
  const target = pending;
  if (!target) return say("Select some text first.");
  try {
    const saved = await createQuotation({
      article: config.article,
      start: target.start,
      end: target.end,
      text: painter.index.text(target.start, target.end),
      ...fields,
    });
    const item = { ...saved, speaker: saved.speaker || name, tags: [] };
    quotations.set(item.id, item);
    cancel();
    markLive(item);
    refresh();
    updatePeople();
    say(`Quotation by ${item.speaker} saved.`);
  } catch (error) {
    toolbar.error(`Not saved: ${error.message}`);
  }
}

function replace(old, saved) {
  annotations.delete(old.id);
  painter.remove(old.id);
  annotations.set(saved.id, saved);
  if (paintable(saved)) painter.add(saved);
  refresh();
}

async function save(annotation, { note, tags, colour: chosen, visibility }) {
  try {
    const body = bodiesOf({ note, tags, links: annotation.links });
    replace(annotation, await patchAnnotation(annotation, { body, colour: chosen, visibility }));
    say("Saved.");
  } catch (error) {
    say(`Not saved: ${error.message}`, true);
  }
}

// An orphan, annotation or quotation, is attached again to the passage selected in the article, and
// painted there at once (a quotation in the "quotation" highlight; after a reload the server marks it).
async function reattach(item) {
  const target = pending || readSelection();
  if (!target) return say("Select the passage in the article first, then attach it.", true);
  try {
    const place = { start: target.start, end: target.end, ...painter.index.quote(target.start, target.end) };
    if (item.kind === "quotation") {
      const saved = await updateQuotation(item.id, { start: place.start, end: place.end, text: place.exact }, item.version);
      cancel();
      replaceQuotation(item, saved);
    } else {
      const saved = await patchAnnotation(item, { target: targetOf(place, config.source) });
      cancel();
      replace(item, saved);
    }
    say("Attached again.");
  } catch (error) {
    if (item.kind === "quotation" && (error.status === 412 || error.status === 404)) {
      panel.conflict(item, conflictMessage(error));
    }
    say(`Not attached: ${conflictMessage(error)}`, true);
  }
}

// Deleting is undone by making the annotation again (with a new id) from what the page still has.
async function remove(annotation) {
  try {
    await deleteAnnotation(annotation);
    annotations.delete(annotation.id);
    painter.remove(annotation.id);
    refresh();
    say("Deleted.", false, {
      label: "Undo",
      run: async () => {
        try {
          const saved = await createAnnotation({ ...annotation, id: undefined, url: undefined }, context);
          annotations.set(saved.id, saved);
          if (paintable(saved)) painter.add(saved);
          refresh();
          say("Restored.");
        } catch (error) {
          say(`Not restored: ${error.message}`, true);
        }
      },
    });
  } catch (error) {
    say(`Not deleted: ${error.message}`, true);
  }
}

// The page's quotation `item` after the server saved it: a new object (the panel makes a new entry),
// its marks and highlight brought up to date; a rejected one leaves the page.
function replaceQuotation(item, saved) {
  const updated = { ...item, ...saved, tags: [] };
  updateMarks(root, item, updated);
  if (updated.status === "rejected") {
    quotations.delete(item.id);
    painter.remove(item.id);
  } else {
    quotations.set(item.id, updated);
    // One the server has not marked (an orphan attached again) is marked now.
    markLive(updated);
  }
  refresh();
  updatePeople();
  return updated;
}

// A change sent with the version the page has: one someone else made meanwhile is never overwritten
// (the server answers 412 and the panel says so on the quotation's entry).
async function review(item, changes, done) {
  try {
    const updated = replaceQuotation(item, await updateQuotation(item.id, changes, item.version));
    // A rejection takes the quotation off the page: Undo gives it back its status.
    const undo = updated.status === "rejected" && {
      label: "Undo",
      run: () => review(updated, { status: item.status }, "Restored."),
    };
    say(done, false, undo || null);
  } catch (error) {
    if (error.status === 412 || error.status === 404) panel.conflict(item, conflictMessage(error));
    say(`Not saved: ${conflictMessage(error)}`, true);
  }
}

// Why a change was refused: the server says who changed it (412); a 404 means it went to the trash.
function conflictMessage(error) {
  if (error.status !== 404) return error.message;
  return "Someone else moved this quotation to the trash since you opened it; your change was not saved.";
}

// The quotation as the server has it now (after someone else changed it); gone if it was deleted.
async function refetch(item) {
  try {
    replaceQuotation(item, await getQuotation(item.id));
    say("This is their version now.");
  } catch (error) {
    if (error.status !== 404) return say(`Not loaded: ${error.message}`, true);
    updateMarks(root, item, { ...item, status: "rejected" });
    quotations.delete(item.id);
    painter.remove(item.id);
    refresh();
    updatePeople();
    say("Someone deleted this quotation.");
  }
}

// “…” — Name, Outlet, date
export function attribution(item) {
  const source = [item.speaker || "Unknown speaker", config.outlet, config.date].filter(Boolean).join(", ");
  return `“${item.text}” — ${source}`;
}

async function copy(item) {
  const text = attribution(item);
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = h("textarea", { class: "nr-offscreen", readonly: true });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  html.dataset.copied = text;
  say("Copied with its attribution.");
}

// Keys. Single-key shortcuts can be turned off in the keys dialog (WCAG 2.1.4), which this browser
// remembers; readers who are not signed in have none (and no dialog).

const dialog = document.getElementById("keys-dialog");
const KEYS_SETTING = "newsroom.single-key-shortcuts";
const storedKeys = () => {
  try {
    return localStorage.getItem(KEYS_SETTING);
  } catch {
    return null; // storage refused (private mode): the shortcuts stay on
  }
};
let keysOn = Boolean(dialog) && storedKeys() !== "off";

function showKeysSetting() {
  html.dataset.keys = keysOn ? "on" : "off";
  if (dialog) dialog.querySelector("#keys-enabled").checked = keysOn;
}
showKeysSetting();

if (dialog) {
  dialog.querySelector("#keys-enabled").addEventListener("change", (event) => {
    keysOn = event.target.checked;
    try {
      localStorage.setItem(KEYS_SETTING, keysOn ? "on" : "off");
    } catch {
      // Not remembered; it still holds for this page.
    }
    showKeysSetting();
  });
  document.getElementById("keys-open")?.addEventListener("click", () => dialog.showModal());
}

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  if (event.key === "Escape") {
    if (dialog?.open) return;
    cancel();
    return;
  }
  const typing = event.target.closest?.("input, textarea, select, [contenteditable]");
  if (!keysOn || typing || dialog.open || event.defaultPrevented) return;
  const actions = {
    h: () => config.canAnnotate && annotate({ colour }),
    t: () => config.canAnnotate && openForm("tag"),
    n: () => config.canAnnotate && openForm("note"),
    q: () => config.canQuote && openForm("quote"),
    j: () => step(1),
    k: () => step(-1),
    "?": () => dialog.showModal(),
  };
  const action = actions[event.key];
  if (action) {
    event.preventDefault();
    action();
  }
});
