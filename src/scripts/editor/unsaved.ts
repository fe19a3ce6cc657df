// Warns before leaving the editor with changes that are not saved (typed, or shown again after a
// preview or an error). Browsers show their own wording; submitting the form never asks.
for (const form of document.querySelectorAll<HTMLFormElement>('form[data-unsaved-warning]')) {
  let dirty = form.dataset['unsavedWarning'] === 'unsaved';
  let submitting = false;
  form.addEventListener('input', () => (dirty = true));
  form.addEventListener('change', () => (dirty = true));
  form.addEventListener('submit', () => (submitting = true));
  window.addEventListener('beforeunload', (event) => {
    if (!dirty || submitting) return;
    event.preventDefault();
    // Older browsers need returnValue set to show the prompt.
    event.returnValue = '';
  });
}
