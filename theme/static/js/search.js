// Search as you type, on the /search/ page (theme/templates/search.html).
// Uses Pagefind's JavaScript API (pagefind.js, written into the site by blog/plugins/search_index.py).
// Pagefind is loaded only when the reader focuses the box or arrives with ?q=, so the page
// itself stays small. Without JavaScript the page offers the archives and topics instead.
// No inline styles and no HTML from the index is inserted as-is: a strict CSP holds.

const MAX_RESULTS = 10;
const root = document.getElementById("search");

if (root) {
  const input = root.querySelector("input[type=search]");
  const form = root.querySelector("form");
  const status = root.querySelector("[role=status]");
  const list = root.querySelector("ol");
  let pagefind = null;

  const load = () => {
    pagefind ??= import(`${root.dataset.bundle}pagefind.js`).then(async (api) => {
      await api.options({ baseUrl: root.dataset.baseUrl });
      await api.init();
      return api;
    });
    return pagefind;
  };

  // Pagefind's excerpt is text with <mark> around matches. Parse it in an inert <template>
  // and keep only the text and the marks, so nothing else from the index reaches the page.
  // An excerpt cut from the middle of the post says so with an ellipsis at the cut end(s).
  const squash = (text) => text.replace(/\s+/g, " ").trim();
  const excerpt = (markup, content) => {
    const template = document.createElement("template");
    template.innerHTML = markup;
    const paragraph = document.createElement("p");
    for (const node of template.content.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.append(mark);
      } else {
        paragraph.append(node.textContent);
      }
    }
    const shown = squash(paragraph.textContent);
    const whole = squash(content || "");
    const at = whole.indexOf(shown);
    if (shown && shown !== whole) {
      if (at !== 0) paragraph.prepend("… ");
      if (at === -1 || at + shown.length < whole.length) paragraph.append(" …");
    }
    return paragraph;
  };

  const show = (term, results) => {
    list.replaceChildren(
      ...results.map((data) => {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = data.url;
        link.textContent = data.meta.title || data.url;
        const heading = document.createElement("h2");
        heading.append(link);
        item.append(heading);
        if (data.meta.date) {
          const date = document.createElement("p");
          date.className = "search__date";
          date.textContent = data.meta.date;
          item.append(date);
        }
        item.append(excerpt(data.excerpt, data.content));
        return item;
      }),
    );
    status.textContent = results.length
      ? `${results.length === 1 ? "1 post" : `${results.length} posts`} found for “${term}”.`
      : `No posts found for “${term}”. Try fewer or different words, or browse the posts below.`;
  };

  let latest = 0;
  const run = async (value) => {
    const term = value.trim();
    const ticket = ++latest;
    if (!term) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    try {
      const api = await load();
      const search = await api.debouncedSearch(term, {}, 250);
      if (search === null || ticket !== latest) return; // a newer keystroke took over
      const results = await Promise.all(
        search.results.slice(0, MAX_RESULTS).map((result) => result.data()),
      );
      if (ticket === latest) show(term, results);
    } catch (error) {
      status.textContent = "Search is not available right now. Please use the archives below.";
      throw error;
    }
  };

  root.hidden = false;
  for (const note of document.querySelectorAll(".search-nojs")) note.hidden = true;
  input.addEventListener("focus", load, { once: true });
  input.addEventListener("input", () => run(input.value));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(input.value);
  });
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    run(query);
  }
}
