// Quotations marked in the article as the server marks them (articles/reading.py): <mark>s around the
// quoted words and, after the closing quotation mark, an empty label whose speaker the CSS shows.
// Used for the quotations made or attached again on the page, so that they look the same before a
// reload as after it.

import { h } from "./dom.js";

// What may stand between a quotation's last word and its closing mark, as in reading.py.
const CLOSING_MARK = /^[,.;:!?…]{0,3}[”"’»]/;

const speakerOf = (item) => item.speaker || "Unknown speaker";

// "Speaker, cue, where and when (status)", as the server titles its marks.
const titleOf = (item) => `${[speakerOf(item), item.cue, item.setting].filter(Boolean).join(", ")} (${item.status})`;

export function marksOf(root, id) {
  return root.querySelectorAll(`mark[data-quotation="${CSS.escape(id)}"]`);
}

export function labelOf(root, id) {
  return root.querySelector(`.quote-speaker[data-for="${CSS.escape(id)}"]`);
}

// Mark `item` {id, start, end, speaker, cue, status} in the article; `index` is a fresh TextIndex of
// `root`. Returns whether anything was marked. The caller indexes the text again afterwards: the
// text nodes have been split.
export function markQuotation(root, index, item) {
  const pieces = [];
  for (const entry of index.nodes) {
    const from = Math.max(item.start, entry.start);
    const to = Math.min(item.end, entry.start + entry.length);
    if (from < to) pieces.push([from, to]);
  }
  if (!pieces.length) return false;
  const title = titleOf(item);
  // Last piece first: splitting a text node leaves the positions before it as they were.
  for (const [number, [from, to]] of [...pieces.entries()].reverse()) {
    const [startNode, startOffset] = index.position(from);
    const [, endOffset] = index.position(to, true);
    const range = document.createRange();
    range.setStart(startNode, startOffset);
    range.setEnd(startNode, endOffset);
    const last = number === pieces.length - 1;
    const mark = h("mark", {
      class: `quote quote-${item.status}${last ? " quote-end" : ""}`,
      id: number === 0 ? `q-${item.id}` : null,
      title,
      dataset: { quotation: item.id, speaker: speakerOf(item) },
    });
    range.surroundContents(mark);
  }
  const lastMark = [...marksOf(root, item.id)].pop();
  const paragraph = lastMark.closest("p[data-start]");
  const after = index.text(item.end, Math.min(item.end + 4, Number(paragraph.dataset.end)));
  const closing = CLOSING_MARK.exec(after);
  const label = h("span", {
    class: `quote-speaker quote-speaker-${item.status}`,
    dataset: { for: item.id, speaker: speakerOf(item) },
  });
  if (closing) placeAfter(lastMark, closing[0].length, label);
  else lastMark.after(label);
  foldLabels(label);
  return true;
}

// Labels side by side belong to quotations that end at one place (a reported clause and the quoted
// words that close it): a speaker a shown label there already names is folded, as the server does.
function foldLabels(label) {
  const isLabel = (node) => node?.classList?.contains("quote-speaker");
  let first = label;
  while (isLabel(first.previousSibling)) first = first.previousSibling;
  const named = new Set();
  for (let node = first; isLabel(node); node = node.nextSibling) {
    node.classList.toggle("quote-speaker-repeat", named.has(node.dataset.speaker));
    if (!node.classList.contains("quote-speaker-rejected")) named.add(node.dataset.speaker);
  }
}

// Put `label` `count` characters after the end of `mark` (the characters of a closing mark, which are
// in the text nodes that follow it, maybe split by other marks).
function placeAfter(mark, count, label) {
  const walker = document.createTreeWalker(mark.closest("p"), NodeFilter.SHOW_TEXT);
  walker.currentNode = mark;
  let left = count;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (mark.contains(node)) continue;
    if (left < node.data.length) {
      node.splitText(left);
      node.after(label);
      return;
    }
    left -= node.data.length;
    if (!left) {
      node.after(label);
      return;
    }
  }
  mark.after(label);
}

// The marks and label of a quotation after a change of status or speaker.
export function updateMarks(root, before, after) {
  for (const mark of marksOf(root, before.id)) {
    mark.classList.remove(`quote-${before.status}`);
    mark.classList.add(`quote-${after.status}`);
    mark.dataset.speaker = speakerOf(after);
    mark.title = titleOf(after);
  }
  const label = labelOf(root, before.id);
  if (label) {
    label.classList.remove(`quote-speaker-${before.status}`);
    label.classList.add(`quote-speaker-${after.status}`);
    label.dataset.speaker = speakerOf(after);
    foldLabels(label);
  }
}
