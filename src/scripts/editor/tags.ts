// Schlagwörter are typed as a comma-separated list; a datalist only completes the whole value.
// This keeps the suggestions for the word after the last comma, without the tags already given.
for (const input of document.querySelectorAll<HTMLInputElement>('input[data-tag-suggestions]')) {
  const list = document.getElementById(input.getAttribute('list') ?? '');
  if (!(list instanceof HTMLDataListElement)) continue;
  const all = [...list.options].map((o) => o.value);
  const update = () => {
    const cut = input.value.lastIndexOf(',');
    const before = cut >= 0 ? input.value.slice(0, cut + 1) : '';
    const given = new Set(before.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean));
    const prefix = before ? `${before.trimEnd()} ` : '';
    list.replaceChildren(...all.filter((t) => !given.has(t.toLowerCase())).map((t) => new Option(t, prefix + t)));
  };
  input.addEventListener('input', update);
}
