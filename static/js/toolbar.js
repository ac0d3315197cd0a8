// The toolbar shown by a selection in the article: highlight colours, and forms for a tag, a note
// and a quotation. It only collects what the user wants; reader.js does the saving.

import { autocomplete, speakerAutocomplete } from "./autocomplete.js";
import { button, h, linkButton } from "./dom.js";
import { COLOURS } from "./highlights.js";

export class Toolbar {
  // actions: {highlight(colour), tag(tags), note(text, visibility), quote(fields), searchTags, searchPeople}
  // The toolbar goes into the page right after `after` (the article's text), so that Tab reaches it
  // from the selection, and `header` (the article's title and byline) is never covered by it.
  constructor({ canAnnotate, canQuote, actions, after, header }) {
    this.header = header;
    this.actions = actions;
    this.canAnnotate = canAnnotate;
    this.canQuote = canQuote;
    this.form = null;
    this.element = h("div", {
      class: "nr-toolbar",
      id: "annotate-toolbar",
      role: "toolbar",
      "aria-label": "Annotate the selection",
      hidden: true,
    });
    const buttons = h("div", { class: "nr-toolbar-buttons" });
    if (canAnnotate) {
      for (const colour of COLOURS) {
        buttons.append(
          h("button", {
            type: "button",
            class: `nr-swatch nr-swatch-${colour}`,
            title: `Highlight ${colour}${colour === "yellow" ? " (h)" : ""}`,
            "aria-label": `Highlight ${colour}`,
            dataset: { colour },
            onclick: () => this.actions.highlight(colour),
          }),
        );
      }
      buttons.append(this.tool("Tag", "tag", "t"), this.tool("Note", "note", "n"));
    }
    if (canQuote) buttons.append(this.tool("Quotation", "quote", "q"));
    // Pressing a button must not take the selection away.
    buttons.addEventListener("mousedown", (event) => event.preventDefault());
    this.buttons = buttons;
    this.rove(buttons);
    this.forms = h("div", { class: "nr-toolbar-forms" });
    this.element.append(buttons, this.forms);
    after.after(this.element);
  }

  // One Tab stop for the buttons; the arrow keys, Home and End move between them (the ARIA toolbar).
  rove(buttons) {
    const all = () => [...buttons.querySelectorAll("button")];
    const current = (target) => {
      for (const button of all()) button.tabIndex = button === target ? 0 : -1;
    };
    current(all()[0]);
    buttons.addEventListener("focusin", (event) => current(event.target));
    buttons.addEventListener("keydown", (event) => {
      const list = all();
      const at = list.indexOf(document.activeElement);
      const next = {
        ArrowRight: at + 1,
        ArrowDown: at + 1,
        ArrowLeft: at - 1,
        ArrowUp: at - 1,
        Home: 0,
        End: list.length - 1,
      }[event.key];
      if (next === undefined || at < 0) return;
      event.preventDefault();
      list[(next + list.length) % list.length].focus();
    });
  }

  // A button that opens one of the forms.
  tool(label, form, key) {
    return button(label, () => this.open(form), { class: "nr-tool", title: `${label} (${key})`, dataset: { form } });
  }

  get visible() {
    return !this.element.hidden;
  }

  // Show the buttons by the range (a selection); closes any open form.
  showFor(range) {
    this.closeForm();
    this.element.hidden = false;
    this.place(range);
  }

  // Centred over the first line of the range; under its last line when a form is open (it grows
  // downwards), or when above it would leave the window or cover the article's title and byline.
  place(range) {
    this.range = range;
    const lines = [...range.getClientRects()].filter((rect) => rect.width > 0);
    const whole = range.getBoundingClientRect();
    const first = lines[0] || whole;
    const last = lines[lines.length - 1] || whole;
    const height = this.element.offsetHeight || 40;
    const width = this.element.offsetWidth || 300;
    const gap = 8;
    const headerBottom = this.header ? this.header.getBoundingClientRect().bottom : 0;
    const above = first.top - height - gap;
    const below = !!this.form || above < Math.max(0, headerBottom);
    const top = below ? last.bottom + gap : above;
    const line = below ? last : first;
    const centre = line.left + line.width / 2;
    const viewport = document.documentElement.clientWidth;
    const left = Math.max(gap, Math.min(centre - width / 2, viewport - width - gap));
    // From the window to the box the toolbar is positioned in: the page, unless an ancestor is positioned.
    const parent = this.element.offsetParent;
    const origin =
      parent && parent !== document.body ? parent.getBoundingClientRect() : { top: -window.scrollY, left: -window.scrollX };
    this.element.style.top = `${Math.round(top - origin.top)}px`;
    this.element.style.left = `${Math.round(left - origin.left)}px`;
    this.element.dataset.placed = below ? "below" : "above";
  }

  hide() {
    this.closeForm();
    this.element.hidden = true;
  }

  closeForm() {
    this.form = null;
    this.forms.replaceChildren();
    this.element.classList.remove("nr-toolbar-open");
  }

  error(message) {
    let slot = this.forms.querySelector(".nr-error");
    if (!slot) slot = this.forms.appendChild(h("p", { class: "nr-error", role: "alert" }));
    slot.textContent = message;
  }

  open(name) {
    if ((name === "quote" && !this.canQuote) || (name !== "quote" && !this.canAnnotate)) return false;
    this.closeForm();
    this.form = name;
    this.element.hidden = false;
    this.element.classList.add("nr-toolbar-open");
    const form = { tag: () => this.tagForm(), note: () => this.noteForm(), quote: () => this.quoteForm() }[name]();
    this.forms.append(form);
    if (this.range) this.place(this.range);
    form.querySelector("input, textarea")?.focus();
    return true;
  }

  tagForm() {
    const tags = [];
    const chips = h("ul", { class: "nr-chips", "aria-label": "Tags to add" });
    const input = h("input", { type: "text", name: "tag", placeholder: "Tag, then Enter", "aria-label": "Tag" });
    const addTag = (name) => {
      const tag = name.trim();
      if (tag && !tags.some((t) => t.toLowerCase() === tag.toLowerCase())) {
        tags.push(tag);
        chips.append(h("li", { class: "tag" }, tag));
      }
      input.value = "";
    };
    const form = h(
      "form",
      { class: "nr-form nr-tag-form" },
      h("div", { class: "nr-field" }, input),
      chips,
      h("div", { class: "nr-actions" }, h("button", { type: "submit" }, "Save tags"), this.cancelButton()),
    );
    autocomplete(input, {
      search: async (query) => (await this.actions.searchTags(query)).map((tag) => ({ value: tag, label: tag })),
      onChoose: (option) => addTag(option.value),
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && input.value.trim()) {
        event.preventDefault();
        addTag(input.value);
      }
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (input.value.trim()) addTag(input.value);
      if (tags.length) this.actions.tag(tags);
    });
    return form;
  }

  noteForm() {
    const text = h("textarea", { name: "note", rows: 3, "aria-label": "Note", placeholder: "Your note" });
    const visibility = h(
      "select",
      { name: "visibility", "aria-label": "Who sees it" },
      h("option", { value: "shared" }, "Shared with the newsroom"),
      h("option", { value: "private" }, "Private to me"),
    );
    const form = h(
      "form",
      { class: "nr-form nr-note-form" },
      text,
      h("div", { class: "nr-actions" }, visibility, h("button", { type: "submit" }, "Save note"), this.cancelButton()),
    );
    text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (text.value.trim()) this.actions.note(text.value.trim(), visibility.value);
    });
    return form;
  }

  quoteForm() {
    let speaker = null; // {id, name} of a known person
    const input = h("input", { type: "text", name: "speaker", placeholder: "Who said it?", "aria-label": "Speaker" });
    const chosen = h("p", { class: "nr-chosen muted", "aria-live": "polite" });
    const cue = h("input", { type: "text", name: "cue", placeholder: "Cue, e.g. said on Telegram", "aria-label": "Cue" });
    const kind = h(
      "select",
      { name: "kind", "aria-label": "Kind" },
      h("option", { value: "direct" }, "Direct"),
      h("option", { value: "partial" }, "Partial"),
      h("option", { value: "indirect" }, "Indirect"),
    );
    const form = h(
      "form",
      { class: "nr-form nr-quote-form" },
      h("div", { class: "nr-field" }, input),
      chosen,
      cue,
      h("div", { class: "nr-actions" }, kind, h("button", { type: "submit" }, "Save quotation"), this.cancelButton()),
    );
    speakerAutocomplete(input, this.actions.searchPeople, (option) => {
      speaker = option.create ? null : { id: option.value, name: option.name };
      input.value = option.name;
      chosen.textContent = option.create
        ? `A new person, ${option.name}, will be created.`
        : `Speaker: ${option.name}`;
    });
    input.addEventListener("input", () => {
      speaker = null;
      chosen.textContent = "";
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const name = input.value.trim();
      const fields = { cue: cue.value.trim(), kind: kind.value };
      if (speaker) fields.speaker = speaker.id;
      else if (name) fields.speaker_name = name;
      this.actions.quote(fields, speaker ? speaker.name : name);
    });
    return form;
  }

  cancelButton() {
    return linkButton("Cancel", () => this.actions.cancel());
  }
}
