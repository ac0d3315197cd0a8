// The side panel: the article's annotations and quotations in reading order, with filters; the
// orphans (whose text left the article) in a list of their own.

import { speakerAutocomplete } from "./autocomplete.js";
import { h, linkButton } from "./dom.js";
import { COLOURS } from "./highlights.js";

const SHOWN_CHARACTERS = 160;

// The text up to about SHOWN_CHARACTERS, cut between words.
function shorten(text) {
  if (text.length <= SHOWN_CHARACTERS) return text;
  const cut = text.slice(0, SHOWN_CHARACTERS + 1).replace(/\s+\S*$/, "");
  return `${cut.replace(/[\s,;:.—–-]+$/, "")}…`;
}

const counted = (count, noun) => `${count} ${noun}${count === 1 ? "" : "s"}`;

// Make `list`'s children exactly `elements`, in order, moving as few nodes as it can: after one
// change to a long panel, one element goes in or out instead of all of them.
function reconcile(list, elements) {
  const keep = new Set(elements);
  for (const child of [...list.children]) {
    if (!keep.has(child)) child.remove();
  }
  let cursor = list.firstElementChild;
  for (const element of elements) {
    if (element === cursor) cursor = cursor.nextElementSibling;
    else list.insertBefore(element, cursor);
  }
}

export const readingOrder = (a, b) => a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : 1);

// A form's last row: Save submits it, Cancel takes it away.
function saveOrCancel() {
  return h(
    "div",
    { class: "nr-actions" },
    h("button", { type: "submit" }, "Save"),
    linkButton("Cancel", (event) => event.target.closest("form").remove()),
  );
}

// Put `form` in the panel's `entry`, with `field` focused; Escape closes it.
function openIn(entry, form, field) {
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      form.remove();
    }
  });
  entry.append(form);
  field.focus();
}

export class Panel {
  // actions: {focus(item), confirm(q), reject(q), reattribute(q, option), edit(q, changes), copy(q),
  //           refresh(q) (fetch it again), save(a, changes), reattach(item) (an orphan annotation or
  //           quotation), remove(a), searchPeople(query), searchTags(query)}
  constructor(section, { user, canReview, canEditOthers, actions }) {
    this.section = section;
    this.user = user;
    this.canReview = canReview;
    this.canEditOthers = canEditOthers;
    this.actions = actions;
    this.list = section.querySelector("#annotation-list");
    this.orphans = section.querySelector("#orphan-list");
    this.orphanSection = section.querySelector("#orphan-section");
    this.count = section.querySelector("#annotation-count");
    this.filters = section.querySelector("#panel-filters");
    this.tagSelect = this.filters.elements.tag;
    this.items = [];
    this.shown = [];
    this.elements = new WeakMap();
    this.filters.addEventListener("change", () => this.render(this.items));
    this.filters.addEventListener("submit", (event) => event.preventDefault());
    section.hidden = false;
  }

  filter() {
    const data = new FormData(this.filters);
    return {
      who: data.get("who") || "all",
      status: data.get("status") || "",
      colour: data.get("colour") || "",
      tag: data.get("tag") || "",
    };
  }

  matches(item, { who, status, colour, tag }) {
    const annotation = item.kind === "annotation";
    if (who === "mine" && !(annotation && item.creator === this.user)) return false;
    if (colour && !(annotation && item.colour === colour)) return false;
    if (tag && !(annotation && item.tags.some((t) => t.toLowerCase() === tag))) return false;
    switch (status) {
      case "annotation":
        return annotation;
      case "note":
        return annotation && Boolean(item.note);
      case "quotation":
        return !annotation;
      case "suggested":
      case "confirmed":
        return !annotation && item.status === status;
      case "orphaned":
        return item.orphaned;
      default:
        return true;
    }
  }

  // Items sorted in reading order; what the filters let through is shown (and is what j/k visit).
  render(items) {
    this.items = items;
    this.updateTags(items);
    const filter = this.filter();
    const shown = [];
    const orphans = [];
    for (const item of items) {
      if (!this.matches(item, filter)) continue;
      (item.orphaned ? orphans : shown).push(item);
    }
    this.shown = shown;
    reconcile(this.list, shown.map((item) => this.entry(item)));
    reconcile(this.orphans, orphans.map((item) => this.entry(item)));
    this.orphanSection.hidden = !orphans.length;
    const quotations = items.filter((item) => item.kind === "quotation").length;
    const parts = [counted(quotations, "quotation"), counted(items.length - quotations, "annotation")];
    const total = shown.length + orphans.length;
    if (total < items.length) parts.push(`${total} shown`);
    this.count.textContent = parts.join(" · ");
    if (!shown.length) {
      const empty = items.length ? "Nothing matches the filters." : "None yet: select some text.";
      this.list.append(h("li", { class: "empty" }, empty));
    }
  }

  updateTags(items) {
    const names = new Map();
    for (const item of items) {
      for (const tag of item.tags || []) names.set(tag.toLowerCase(), names.get(tag.toLowerCase()) || tag);
    }
    const current = this.tagSelect.value;
    const sorted = [...names.entries()].sort((a, b) => a[1].localeCompare(b[1]));
    this.tagSelect.replaceChildren(
      h("option", { value: "" }, "Any"),
      ...sorted.map(([value, label]) => h("option", { value, selected: value === current }, label)),
    );
  }

  entryOf(id) {
    return this.section.querySelector(`li[data-id="${CSS.escape(id)}"]`);
  }

  markActive(id) {
    for (const element of this.section.querySelectorAll("li.is-active")) element.classList.remove("is-active");
    const entry = id && this.entryOf(id);
    if (entry) {
      entry.classList.add("is-active");
      entry.scrollIntoView({ block: "nearest" });
    }
  }

  // An item's element is made once and reused while the item is the same object (a change makes a new
  // one), so that re-rendering a long panel after a change or a filter builds almost nothing.
  entry(item) {
    let element = this.elements.get(item);
    if (!element) {
      element = item.kind === "annotation" ? this.annotationEntry(item) : this.quotationEntry(item);
      this.elements.set(item, element);
    }
    return element;
  }

  jump(item) {
    const text = item.kind === "annotation" ? item.exact : item.text;
    return h(
      "button",
      {
        type: "button",
        class: "panel-jump",
        title: item.orphaned ? "No longer in the article" : "Show it in the article",
        disabled: item.orphaned,
        onclick: () => this.actions.focus(item),
      },
      `“${shorten(text)}”`,
    );
  }

  // An orphan, annotation or quotation, is attached again to the passage selected in the article.
  attachButton(item) {
    return linkButton("Attach to the selection", () => this.actions.reattach(item), {
      title: "Select the passage in the article first",
      // Keep the selection in the article.
      onmousedown: (event) => event.preventDefault(),
    });
  }

  annotationEntry(item) {
    const mine = item.creator === this.user && this.user;
    const meta = h(
      "p",
      { class: "panel-meta" },
      h("span", { class: `panel-colour nr-swatch-${item.colour}`, title: item.colour, "aria-label": item.colour }),
      h("span", {}, item.creator || "someone"),
      item.visibility === "private" ? h("span", { class: "panel-private" }, "private") : null,
    );
    // Each tag links to its page (what else carries it); one the server has not named yet is plain text.
    const tags = item.tags.length
      ? h(
          "ul",
          { class: "tags", "aria-label": "Tags" },
          item.tags.map((tag) => {
            const page = item.tagPages?.[tag];
            return h("li", {}, page ? h("a", { class: "tag", href: page }, tag) : h("span", { class: "tag" }, tag));
          }),
        )
      : null;
    const note = item.note ? h("p", { class: "panel-note" }, item.note) : null;
    const actions =
      mine || this.canEditOthers
        ? h(
            "p",
            { class: "panel-actions" },
            item.orphaned
              ? this.attachButton(item)
              : linkButton("Edit", (event) => this.editForm(item, event.target)),
            linkButton("Delete", () => this.actions.remove(item)),
          )
        : null;
    return h(
      "li",
      {
        class: `panel-item panel-annotation${item.orphaned ? " is-orphan" : ""}`,
        dataset: { id: item.id, colour: item.colour },
      },
      this.jump(item),
      meta,
      tags,
      note,
      actions,
    );
  }

  quotationEntry(item) {
    const meta = h(
      "p",
      { class: "panel-meta" },
      h("span", { class: "panel-speaker" }, item.speaker || "Unknown speaker"),
      item.speakerIsOrganisation ? h("span", { class: "panel-organisation" }, "organisation") : null,
      item.cue ? h("span", {}, item.cue) : null,
      item.setting ? h("span", { class: "panel-setting" }, item.setting) : null,
      h("span", { class: `status status-${item.status}` }, item.status),
    );
    // Its history in words, from the server ("confirmed by bob; speaker changed from X to Y by bob").
    const history = item.history?.length ? h("p", { class: "panel-history muted" }, item.history.join("; ")) : null;
    const actions = h("p", { class: "panel-actions" });
    if (this.canReview && item.orphaned) {
      actions.append(this.attachButton(item));
    } else if (this.canReview) {
      if (item.status !== "confirmed") {
        actions.append(linkButton("Confirm", () => this.actions.confirm(item)));
      }
      actions.append(
        linkButton("Reject", () => this.actions.reject(item)),
        linkButton("Re-attribute", (event) => this.reattributeForm(item, event.target)),
        linkButton("Edit", (event) => this.quotationForm(item, event.target)),
      );
    }
    actions.append(linkButton("Copy", () => this.actions.copy(item)));
    return h(
      "li",
      {
        class: `panel-item panel-quotation${item.orphaned ? " is-orphan" : ""}`,
        dataset: { id: item.id, status: item.status },
      },
      this.jump(item),
      meta,
      history,
      actions,
    );
  }

  // Change an annotation's colour, note, tags and visibility in place.
  editForm(item, button) {
    const entry = button.closest("li");
    if (entry.querySelector(".nr-edit")) return;
    const colour = h(
      "select",
      { name: "colour", "aria-label": "Colour" },
      COLOURS.map((name) => h("option", { value: name, selected: name === item.colour }, name)),
    );
    const note = h("textarea", { name: "note", rows: 3 });
    note.value = item.note;
    const tags = h("input", { type: "text", name: "tags", value: item.tags.join(", ") });
    const visibility = h(
      "select",
      { name: "visibility", "aria-label": "Who sees it" },
      h("option", { value: "shared", selected: item.visibility === "shared" }, "Shared with the newsroom"),
      h("option", { value: "private", selected: item.visibility === "private" }, "Private to me"),
    );
    const form = h(
      "form",
      { class: "nr-form nr-edit" },
      h("label", { class: "nr-label" }, "Note", note),
      h("label", { class: "nr-label" }, "Tags, separated by commas", tags),
      h("div", { class: "nr-actions" }, colour, visibility),
      saveOrCancel(),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.actions.save(item, {
        note: note.value.trim(),
        tags: tags.value.split(",").map((tag) => tag.trim()).filter(Boolean),
        colour: colour.value,
        visibility: visibility.value,
      });
    });
    openIn(entry, form, note);
  }

  // Someone else changed the quotation since the page had it: nothing was saved. Say so on its entry,
  // with the choice to see their version (the entry is made again from it) or to reload the page.
  conflict(item, message) {
    const entry = this.entry(item);
    entry.querySelector(".panel-conflict")?.remove();
    const notice = h(
      "div",
      { class: "panel-conflict", role: "alert" },
      h("p", {}, message),
      h(
        "p",
        { class: "panel-actions" },
        linkButton("Show their version", () => this.actions.refresh(item)),
        linkButton("Reload the page", () => location.reload()),
      ),
    );
    entry.append(notice);
    entry.scrollIntoView({ block: "nearest" });
  }

  // Change a quotation's cue, kind, and where and when it was said.
  quotationForm(item, button) {
    const entry = button.closest("li");
    if (entry.querySelector(".nr-quotation-edit")) return;
    const cue = h("input", { type: "text", name: "cue", value: item.cue || "", maxlength: 200 });
    const place = h("input", { type: "text", name: "place", value: item.place || "", maxlength: 200 });
    const saidOn = h("input", { type: "date", name: "said_on", value: item.saidOn || "" });
    const kind = h(
      "select",
      { name: "kind" },
      ["direct", "partial", "indirect"].map((name) => h("option", { value: name, selected: name === item.quoteKind }, name)),
    );
    const form = h(
      "form",
      { class: "nr-form nr-quotation-edit" },
      h("label", { class: "nr-label" }, "Cue", cue),
      h("label", { class: "nr-label" }, "Where", place),
      h("label", { class: "nr-label" }, "Day (blank: the article's)", saidOn),
      h("label", { class: "nr-label" }, "Kind", kind),
      saveOrCancel(),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      form.remove();
      this.actions.edit(item, {
        cue: cue.value.trim(),
        place: place.value.trim(),
        said_on: saidOn.value || null,
        kind: kind.value,
      });
    });
    openIn(entry, form, cue);
  }

  reattributeForm(item, button) {
    const entry = button.closest("li");
    if (entry.querySelector(".nr-reattribute")) return;
    const input = h("input", { type: "text", name: "speaker", placeholder: "Who said it?", "aria-label": "New speaker" });
    const form = h("form", { class: "nr-form nr-reattribute" }, h("div", { class: "nr-field" }, input));
    entry.append(form);
    speakerAutocomplete(input, this.actions.searchPeople, (option) => {
      form.remove();
      this.actions.reattribute(item, option);
    });
    form.addEventListener("submit", (event) => event.preventDefault());
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        form.remove();
      }
    });
    input.focus();
  }
}
