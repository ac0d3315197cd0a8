// "People in this article" in the reading view's sidebar (articles/people_in_article.html), kept up to
// date as quotations are made, confirmed, re-attributed and rejected: those quoted first, most quoted
// first, as the server orders them; the others folded away under "Also named".

import { h } from "./dom.js";

const quotationsText = (count) => `${count} quotation${count === 1 ? "" : "s"}`;

export class People {
  constructor(section) {
    this.quoted = section.querySelector("#people-quoted");
    this.unquoted = section.querySelector("#people-unquoted");
    this.named = section.querySelector("#people-named");
    this.namedCount = section.querySelector("#people-named-count");
    this.none = section.querySelector("#people-none");
    this.summary = this.named.querySelector("summary");
  }

  entries() {
    return [...this.quoted.children, ...this.unquoted.children];
  }

  // quotations: the page's quotations that are not rejected, each {speakerSlug, speaker, speakerUrl,
  // speakerRole}.
  update(quotations) {
    const counts = new Map();
    for (const quotation of quotations) {
      if (!quotation.speakerSlug || quotation.status === "rejected") continue;
      const entry = counts.get(quotation.speakerSlug) || { count: 0, quotation };
      entry.count += 1;
      counts.set(quotation.speakerSlug, entry);
    }
    const bySlug = new Map(this.entries().map((li) => [li.dataset.person, li]));
    for (const [slug, { quotation }] of counts) {
      if (!bySlug.has(slug)) bySlug.set(slug, this.entry(quotation));
    }
    const quoted = [];
    const named = [];
    for (const [slug, li] of bySlug) {
      const count = counts.get(slug)?.count || 0;
      li.dataset.count = String(count);
      li.querySelector(".count").textContent = quotationsText(count);
      // One the page added for a quotation now rejected was never named by the article: it goes.
      if (count) quoted.push(li);
      else if (li.dataset.added) li.remove();
      else named.push(li);
    }
    const byName = (a, b) => a.dataset.name.localeCompare(b.dataset.name);
    quoted.sort((a, b) => Number(b.dataset.count) - Number(a.dataset.count) || byName(a, b));
    named.sort(byName);
    this.quoted.replaceChildren(...quoted);
    this.unquoted.replaceChildren(...named);
    this.none.hidden = quoted.length > 0;
    this.named.hidden = named.length === 0;
    this.summary.firstChild.textContent = quoted.length ? "Also named " : "Named ";
    this.namedCount.textContent = `(${named.length})`;
  }

  entry(quotation) {
    return h(
      "li",
      { dataset: { person: quotation.speakerSlug, name: quotation.speaker, count: "0", added: "true" } },
      h("a", { href: quotation.speakerUrl || "#" }, quotation.speaker),
      quotation.speakerRole ? h("span", { class: "role" }, quotation.speakerRole) : null,
      h("span", { class: "count", title: "Quotations in this article" }, ""),
    );
  }
}
