// "Copy the text": into the clipboard where the browser allows it, else select it so a long
// press copies it.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  field.focus();
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    button.textContent = button.dataset.done;
  } catch (error) {
    document.execCommand("copy");
  }
});
