// Painting annotations: the CSS Custom Highlight API where the browser has it (no DOM rewriting,
// overlaps simply blend), else <span class="nr-hl"> wrappers around the annotated text.
//
// Items are {id, start, end, colour, note, kind}; the colour names match annotate.css.

import { TextIndex } from "./anchoring.js";

export const COLOURS = ["yellow", "green", "blue", "pink", "purple"];
export const supportsHighlights =
  typeof CSS !== "undefined" && "highlights" in CSS && CSS.highlights && typeof Highlight === "function";

export class Painter {
  constructor(root, { native = supportsHighlights } = {}) {
    this.root = root;
    this.native = native;
    this.index = new TextIndex(root);
    this.items = new Map(); // id -> item
    this.ranges = new Map(); // id -> Range
    if (this.native) {
      this.layers = {};
      for (const [priority, name] of [...COLOURS, "note", "quotation", "active"].entries()) {
        const highlight = new Highlight();
        highlight.priority = priority;
        this.layers[name] = highlight;
        CSS.highlights.set(`nr-${name}`, highlight);
      }
    }
  }

  // Replace everything painted by `items` (used once at start, and by the fallback on each change).
  paintAll(items) {
    this.items = new Map(items.map((item) => [item.id, item]));
    if (this.native) {
      for (const layer of Object.values(this.layers)) layer.clear();
      this.ranges.clear();
      for (const item of items) this._addNative(item);
    } else {
      this._repaintFallback();
    }
  }

  add(item) {
    this.items.set(item.id, item);
    if (this.native) {
      this._removeNative(item.id);
      this._addNative(item);
    } else {
      this._repaintFallback();
    }
  }

  remove(id) {
    this.items.delete(id);
    if (this.native) this._removeNative(id);
    else this._repaintFallback();
  }

  // Index the text again and repaint, after the article's DOM changed (a quotation marked on the page).
  reindex() {
    this.index = new TextIndex(this.root);
    this.paintAll([...this.items.values()]);
  }

  rangeFor(id) {
    return this.ranges.get(id) || null;
  }

  setActive(id) {
    if (this.native) {
      this.layers.active.clear();
      const range = id && this.ranges.get(id);
      if (range) this.layers.active.add(range);
    } else {
      for (const span of this.root.querySelectorAll(".nr-hl-active")) span.classList.remove("nr-hl-active");
      if (id) {
        for (const span of this.root.querySelectorAll("span.nr-hl")) {
          if (span.dataset.ids.split(" ").includes(id)) span.classList.add("nr-hl-active");
        }
      }
    }
  }

  // Show the range being annotated (a selection whose focus moved into a toolbar form).
  markRange(range) {
    if (!this.native) return;
    this.layers.active.clear();
    this.layers.active.add(range);
  }

  // The number of ranges painted (what the tests and the bench read).
  get size() {
    return this.ranges.size;
  }

  _layersOf(item) {
    const layers = [item.kind === "quotation" ? "quotation" : COLOURS.includes(item.colour) ? item.colour : "yellow"];
    if (item.note) layers.push("note");
    return layers;
  }

  _addNative(item) {
    const range = this.index.range(item.start, item.end);
    if (!range) return;
    this.ranges.set(item.id, range);
    for (const name of this._layersOf(item)) this.layers[name].add(range);
  }

  _removeNative(id) {
    const range = this.ranges.get(id);
    if (!range) return;
    for (const layer of Object.values(this.layers)) layer.delete(range);
    this.ranges.delete(id);
  }

  // The fallback: unwrap the old spans, then wrap every stretch of text covered by annotations in
  // one pass over the text nodes, with the boundaries sorted.
  _repaintFallback() {
    for (const span of this.root.querySelectorAll("span.nr-hl")) span.replaceWith(...span.childNodes);
    for (const paragraph of this.root.querySelectorAll("p[data-start]")) paragraph.normalize();
    this.index = new TextIndex(this.root);
    const items = [...this.items.values()].filter((item) => item.kind !== "quotation" && item.start < item.end);
    const events = [];
    for (const item of items) {
      events.push([item.start, 1, item], [item.end, -1, item]);
    }
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const active = new Map();
    let next = 0;
    for (const entry of this.index.nodes) {
      const nodeEnd = entry.start + entry.length;
      let node = entry.node;
      let position = entry.start;
      while (next < events.length && events[next][0] <= position) {
        this._apply(active, events[next++]);
      }
      while (position < nodeEnd) {
        const boundary = next < events.length ? Math.min(events[next][0], nodeEnd) : nodeEnd;
        let segment = node;
        if (boundary < nodeEnd) {
          const units = entry.astral
            ? Array.from(node.data).slice(0, boundary - position).join("").length
            : boundary - position;
          node = segment.splitText(units);
        }
        if (active.size) this._wrap(segment, active);
        position = boundary;
        while (next < events.length && events[next][0] <= position) {
          this._apply(active, events[next++]);
        }
      }
    }
    this.index = new TextIndex(this.root);
    this.ranges.clear();
    for (const item of this.items.values()) {
      const range = this.index.range(item.start, item.end);
      if (range) this.ranges.set(item.id, range);
    }
  }

  _apply(active, [, change, item]) {
    if (change > 0) active.set(item.id, item);
    else active.delete(item.id);
  }

  _wrap(textNode, active) {
    const items = [...active.values()];
    const top = items[items.length - 1];
    const span = document.createElement("span");
    span.className = `nr-hl nr-hl-${COLOURS.includes(top.colour) ? top.colour : "yellow"}`;
    if (items.some((item) => item.note)) span.classList.add("nr-hl-note");
    span.dataset.ids = items.map((item) => item.id).join(" ");
    textNode.replaceWith(span);
    span.append(textNode);
  }
}
