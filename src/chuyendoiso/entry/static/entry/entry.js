/* The entry form: the ratio of a numerator and a denominator shown as they are typed, and
   the error summary focused after a refused save. The server computes the same ratio the
   same way (half up to two decimals, exact digits) when the form is saved; this script only
   shows it. Numbers are read as the server reads them: 1.567.705; 89,44. */
"use strict";

(function () {
  var GROUPED = /^\d{1,3}(\.\d{3})+(,\d+)?$/;
  var PLAIN = /^\d+(,\d+)?$/;
  var AMBIGUOUS = /^[1-9]\d{0,2}(,\d{3})+$/; // 1,234: refused by the server

  // [digits as a BigInt, decimals] of a typed figure, or null when it is not one
  function read(text) {
    var typed = text.replace(/[\s\u00a0\u202f]/g, "");
    if (AMBIGUOUS.test(typed) || !(GROUPED.test(typed) || PLAIN.test(typed))) return null;
    var parts = typed.replace(/\./g, "").split(",");
    var fraction = parts[1] || "";
    return [BigInt(parts[0] + fraction), fraction.length];
  }

  function grouped(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  // numerator / denominator in percent, rounded half up to two decimals: "89,44%"
  function ratio(numerator, denominator) {
    var ten = BigInt(10);
    var top = numerator[0] * ten ** BigInt(denominator[1] + 4);
    var bottom = denominator[0] * ten ** BigInt(numerator[1]);
    var hundredths = (top * BigInt(2) + bottom) / (bottom * BigInt(2));
    var digits = hundredths.toString().padStart(3, "0");
    return grouped(digits.slice(0, -2)) + "," + digits.slice(-2) + "%";
  }

  function update(row) {
    var key = row.getAttribute("data-ratio");
    var output = document.getElementById("r-" + key);
    var numerator = read(document.getElementById("f-" + key + "-num").value);
    var denominator = read(document.getElementById("f-" + key + "-den").value);
    if (numerator === null || denominator === null) {
      output.textContent = "—";
    } else if (denominator[0] === BigInt(0)) {
      output.textContent = row.closest("form").getAttribute("data-zero-denominator");
    } else {
      output.textContent = ratio(numerator, denominator);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-ratio]").forEach(function (row) {
      row.addEventListener("input", function () { update(row); });
      update(row);
    });
    var summary = document.getElementById("entry-errors");
    if (summary) summary.focus();
  });
})();
