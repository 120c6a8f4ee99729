// Shows the complainant's fields only for a formal appeal. Without this script every
// field is shown, and the server discards them for anonymous feedback.
(function () {
  "use strict";
  var form = document.querySelector(".complaint-form");
  if (!form) return;
  var formal = form.querySelector(".formal-fields");
  var radios = form.querySelectorAll("input[name='path']");
  function update() {
    var chosen = form.querySelector("input[name='path']:checked");
    formal.hidden = !chosen || chosen.value !== "formal";
  }
  radios.forEach(function (radio) { radio.addEventListener("change", update); });
  update();
  var errors = document.getElementById("form-errors");
  if (errors) errors.focus();
})();
