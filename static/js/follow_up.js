// One click from the e-mail: the answer chosen in the e-mail's link is preselected, and the
// form sends itself once the page is shown to a person (a mail scanner fetching the link runs
// no script, so it answers nothing). Without JavaScript, the button sends it.
(function () {
  "use strict";
  var form = document.querySelector("form.follow-up-form[data-autosubmit='true']");
  if (form && !sessionStorage.getItem("follow-up-sent:" + location.pathname)) {
    sessionStorage.setItem("follow-up-sent:" + location.pathname, "1");
    form.submit();
  }
})();
