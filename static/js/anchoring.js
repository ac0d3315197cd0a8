// Body offsets <-> DOM positions in the reading view.
//
// The server renders each paragraph as <p data-start data-end> whose text content is exactly
// body[start:end] (quotation <mark>s add no text; speaker labels are CSS ::after content). Offsets
// count Unicode code points, as Python does; JavaScript strings count UTF-16 units, so paragraphs
// with characters outside the BMP are converted (the common case needs no conversion at all).

const SURROGATE = /[\uD800-\uDFFF]/;
export const CONTEXT = 32;

export function codePointLength(text) {
  if (!SURROGATE.test(text)) return text.length;
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

// The UTF-16 index of the code point `points` code points into `text`.
function unitIndex(text, points) {
  let units = 0;
  let seen = 0;
  for (const char of text) {
    if (seen === points) break;
    units += char.length;
    seen += 1;
  }
  return units;
}

export class TextIndex {
  // One pass over the text nodes of the article's paragraphs.
  constructor(root) {
    this.root = root;
    this.paragraphs = Array.from(root.querySelectorAll("p[data-start]"));
    this.nodes = [];
    this.starts = [];
    for (const paragraph of this.paragraphs) {
      let offset = Number(paragraph.dataset.start);
      const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const astral = SURROGATE.test(node.data);
        const length = astral ? codePointLength(node.data) : node.data.length;
        if (!length) continue;
        this.nodes.push({ node, start: offset, length, astral });
        this.starts.push(offset);
        offset += length;
      }
    }
    this._body = null;
  }

  // The index of the last text node starting at or before `offset` (binary search).
  nodeAt(offset) {
    let low = 0;
    let high = this.starts.length - 1;
    if (high < 0) return -1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  // [textNode, utf16Offset] for a body offset; `end` prefers the end of the previous node.
  position(offset, end = false) {
    let index = this.nodeAt(offset);
    if (index < 0) return null;
    if (end && index > 0 && this.starts[index] === offset) index -= 1;
    const entry = this.nodes[index];
    const within = Math.max(0, Math.min(offset - entry.start, entry.length));
    return [entry.node, entry.astral ? unitIndex(entry.node.data, within) : within];
  }

  // A live Range over body[start:end], or null when the offsets fall outside the rendered text.
  range(start, end) {
    if (!(start < end) || !this.nodes.length) return null;
    const last = this.nodes[this.nodes.length - 1];
    if (start >= last.start + last.length) return null;
    const from = this.position(start);
    const to = this.position(end, true);
    if (!from || !to) return null;
    const range = document.createRange();
    range.setStart(from[0], from[1]);
    range.setEnd(to[0], to[1]);
    return range.collapsed ? null : range;
  }

  // The body as the page has it: paragraphs at their offsets, the blank lines between them.
  get body() {
    if (this._body === null) {
      const parts = [];
      let cursor = 0;
      for (const paragraph of this.paragraphs) {
        const start = Number(paragraph.dataset.start);
        parts.push("\n".repeat(Math.max(0, start - cursor)), paragraph.textContent);
        cursor = Number(paragraph.dataset.end);
      }
      this._body = Array.from(parts.join(""));
    }
    return this._body;
  }

  text(start, end) {
    return this.body.slice(Math.max(0, start), Math.max(0, end)).join("");
  }

  // The TextQuoteSelector fields of body[start:end].
  quote(start, end) {
    return {
      exact: this.text(start, end),
      prefix: this.text(start - CONTEXT, start),
      suffix: this.text(end, end + CONTEXT),
    };
  }

  paragraphOf(node) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const paragraph = element && element.closest("p[data-start]");
    return paragraph && this.root.contains(paragraph) ? paragraph : null;
  }

  // The body offset of a DOM boundary point inside a paragraph.
  offsetOf(paragraph, container, offset) {
    const range = document.createRange();
    range.setStart(paragraph, 0);
    range.setEnd(container, offset);
    return Number(paragraph.dataset.start) + codePointLength(range.toString());
  }

  // {start, end} in body offsets for a DOM Range (a selection), trimmed of white space; null when
  // it holds no article text.
  offsetsOf(range) {
    const inside = this.paragraphs.filter((paragraph) => range.intersectsNode(paragraph));
    if (!inside.length) return null;
    const first = inside[0];
    const last = inside[inside.length - 1];
    const startParagraph = this.paragraphOf(range.startContainer);
    const endParagraph = this.paragraphOf(range.endContainer);
    let start =
      startParagraph === first
        ? this.offsetOf(first, range.startContainer, range.startOffset)
        : Number(first.dataset.start);
    let end =
      endParagraph === last
        ? this.offsetOf(last, range.endContainer, range.endOffset)
        : Number(last.dataset.end);
    const body = this.body;
    while (start < end && /\s/.test(body[start])) start += 1;
    while (end > start && /\s/.test(body[end - 1])) end -= 1;
    return start < end ? { start, end } : null;
  }
}
