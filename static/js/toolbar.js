// The toolbar shown by a selection in the article: highlight colours, and forms for a tag, a note
// and a quotation. It only collects what the user wants; reader.js does the saving.

import { autocomplete, speakerAutocomplete } from "./autocomplete.js";
import { button, h, linkButton } from "./dom.js";
import { COLOURS } from "./highlights.js";

export class Toolbar {
  // actions: {highlight(colour), tag(tags), note(text, visibility), quote(fields), searchTags, searchPeople}
  constructor({ canAnnotate, canQuote, actions }) {
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
    this.forms = h("div", { class: "nr-toolbar-forms" });
    this.element.append(buttons, this.forms);
    document.body.append(this.element);
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

  // Above the range; below it when a form is open (it grows downwards) or there is no room above.
  place(range) {
    this.range = range;
    const rect = range.getBoundingClientRect();
    const height = this.element.offsetHeight || 40;
    let top = rect.top + window.scrollY - height - 8;
    if (this.form || rect.top - height - 8 < 0) top = rect.bottom + window.scrollY + 8;
    const width = this.element.offsetWidth || 300;
    const right = window.scrollX + document.documentElement.clientWidth - width - 8;
    const left = Math.max(8, Math.min(rect.left + window.scrollX, right));
    this.element.style.top = `${Math.round(top)}px`;
    this.element.style.left = `${Math.round(left)}px`;
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
