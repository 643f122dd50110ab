/* Logging out wipes what the check-in desk keeps on this device (venue/middleware.py), the
   queue of check-ins made without network included. While that queue holds check-ins not yet
   sent, the first click on "Log out" says so instead; a second click logs out all the same. */
const form = document.getElementById("logout-form");
const warning = document.getElementById("desk-logout-warning");

function waitingCheckIns() {
  let count = 0;
  for (let index = 0; index < localStorage.length; index += 1) {
    const key = localStorage.key(index);
    if (/^taskforce\.desk\.\d+\.queue$/.test(key)) {
      try {
        count += (JSON.parse(localStorage.getItem(key)) || []).length;
      } catch (error) {
        /* an unreadable queue is not counted */
      }
    }
  }
  return count;
}

if (form && warning) {
  let warned = false;
  form.addEventListener("submit", (event) => {
    if (warned || waitingCheckIns() === 0) {
      return;
    }
    event.preventDefault();
    warned = true;
    warning.classList.add("errornote"); // the admin's error style shows it (display: block)
    warning.hidden = false;
    warning.focus();
  });
}
